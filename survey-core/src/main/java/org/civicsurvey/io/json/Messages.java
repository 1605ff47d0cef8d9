package org.civicsurvey.io.json;

import java.util.regex.Pattern;
import org.civicsurvey.model.Ids;

/** Safe rendering of user input and parser messages. */
final class Messages {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");
    private static final Pattern FROM = Pattern.compile(", from `[^`]*`");

    private Messages() {
    }

    static String quote(String s) {
        return Ids.quote(s);
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...(" + s.length() + " chars)";
    }

    /** Cleans a parser message: no source description, no control characters, one line, bounded. */
    static String clean(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        String m = FROM.matcher(SOURCE.matcher(message).replaceAll("[")).replaceAll("");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < m.length() && out.length() < 300; i++) {
            char c = m.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(c == '\n' ? " " : String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString().trim();
    }

    /** A path for a property: {@code prefix.key} when the key is an id, otherwise {@code prefix['key']}. */
    static String key(String prefix, String key) {
        if (Ids.isValid(key)) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }
        return prefix + "[" + Ids.quote(key) + "]";
    }

    static String index(String prefix, int i) {
        return prefix + "[" + i + "]";
    }
}

package org.civicsurvey.jdbc;

import java.text.Normalizer;
import java.util.Objects;

/**
 * Names of tables and columns that {@link SqlSurvey} writes into SQL: validated against a strict
 * alphabet first, then quoted with the database's quote character, so a name is never SQL.
 *
 * <p>A valid name is 1 to {@value #MAX_LENGTH} characters in Unicode normal form C: letters (any
 * script, so {@code tỉnh} or {@code 省} are names), decimal digits, combining marks after a letter or
 * digit, {@code _}, {@code $}, {@code -}, and single spaces between other characters. Everything
 * else is refused with a message naming the role, the name (control and invisible characters shown
 * as {@code \\uXXXX}) and the first offending character: quotes, semicolons, parentheses, operators,
 * control characters, zero-width and bidirectional formatting characters, line breaks, and text not
 * in normal form C (whose look-alikes could name another column).
 */
final class SqlIdentifiers {

    /** The longest name accepted, in characters. */
    static final int MAX_LENGTH = 128;

    private SqlIdentifiers() {
    }

    /**
     * Checks a name.
     *
     * @param role what the name is, for the message (e.g. {@code "strata column"})
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException naming the role, the name and the offending character
     */
    static String check(String role, String name) {
        Objects.requireNonNull(name, role);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(role + " is empty; a name needs 1 to " + MAX_LENGTH + " characters");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(role + " " + show(name) + " has " + name.length() + " characters; at most "
                    + MAX_LENGTH + " are accepted");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw new IllegalArgumentException(role + " " + show(name) + " is not in Unicode normal form C (composed"
                    + " characters); write it as " + show(Normalizer.normalize(name, Normalizer.Form.NFC)));
        }
        int previous = -1;
        for (int i = 0; i < name.length();) {
            int cp = name.codePointAt(i);
            boolean ok;
            if (Character.isLetter(cp) || Character.isDigit(cp) || cp == '_' || cp == '$' || cp == '-') {
                ok = true;
            } else if (cp == ' ') {
                ok = i > 0 && i < name.length() - 1 && previous != ' ';
            } else {
                int type = Character.getType(cp);
                ok = (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK)
                        && previous >= 0 && (Character.isLetter(previous) || Character.isDigit(previous));
            }
            if (!ok) {
                throw new IllegalArgumentException(role + " " + show(name) + " is not a valid name: " + describe(cp)
                        + " at position " + i + " is not allowed (names take letters, digits, combining marks, _ $ -"
                        + " and single inner spaces)");
            }
            previous = cp == ' ' ? ' ' : cp;
            i += Character.charCount(cp);
        }
        return name;
    }

    /**
     * A checked name quoted for SQL.
     *
     * @param name a name that passed {@link #check}
     * @param quote the database's identifier quote ({@code "} or {@code `})
     * @return the quoted name
     */
    static String quote(String name, String quote) {
        // a checked name holds no quote character; doubling it anyway keeps this safe on its own
        return quote + name.replace(quote, quote + quote) + quote;
    }

    /**
     * A string as an SQL string literal: single quotes doubled, control characters refused.
     *
     * @param role what the text is, for the message
     * @param text the text
     * @return {@code 'text'}
     * @throws IllegalArgumentException for a control character
     */
    static String literal(String role, String text) {
        Objects.requireNonNull(text, role);
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(role + " " + show(text) + " holds a control character at position " + i);
            }
        }
        return "'" + text.replace("'", "''") + "'";
    }

    /** The name in double quotes, with control, format, space-like and non-ASCII invisible characters escaped. */
    static String show(String name) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < name.length();) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            boolean visible = cp == ' ' || !(Character.isISOControl(cp) || Character.isWhitespace(cp) || type == Character.FORMAT
                    || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE);
            if (visible) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u%04X", cp));
            }
            i += Character.charCount(cp);
        }
        return b.append('"').toString();
    }

    private static String describe(int cp) {
        String shown = show(new String(Character.toChars(cp)));
        boolean escaped = shown.startsWith("\"\\u");
        return "character " + (escaped ? "" : "'" + shown.substring(1, shown.length() - 1) + "' ")
                + String.format("(U+%04X)", cp);
    }
}

package org.civicsurvey.model;

import java.util.regex.Pattern;

/**
 * The id rule shared by instruments, sections, questions, options, dimensions, scales and tags.
 *
 * <p>An id matches {@value #REGEX}: a letter, then up to 63 letters, digits, {@code _}, {@code .}
 * or {@code -} (ASCII only). Ids are case sensitive. The rule keeps ids safe to use as JSON keys,
 * column names and URL parts.
 */
public final class Ids {
    /** The regular expression every id matches. */
    public static final String REGEX = "[A-Za-z][A-Za-z0-9_.-]{0,63}";
    /** The longest id, in characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private Ids() {
    }

    /**
     * Tells whether a string is a valid id.
     *
     * @param value the candidate, may be null
     * @return true when {@code value} matches {@value #REGEX}
     */
    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && PATTERN.matcher(value).matches();
    }

    /**
     * Describes why a value is not an id, or returns null when it is one.
     *
     * @param value the candidate, may be null
     * @return a message such as {@code "'a b' is not a valid id ..."}, or null when valid
     */
    public static String problem(String value) {
        if (value == null) {
            return "is missing";
        }
        if (isValid(value)) {
            return null;
        }
        return quote(value) + " is not a valid id (a letter, then up to 63 letters, digits, '_', '.' or '-')";
    }

    /**
     * Checks an id, throwing a violation that names the field.
     *
     * @param field the field name used as the violation path
     * @param value the candidate id
     * @return the id
     * @throws InvalidModelException when the id is not valid
     */
    public static String require(String field, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new InvalidModelException(field, problem);
        }
        return value;
    }

    /**
     * Quotes a user-supplied string for an error message: at most 40 characters, control and
     * invisible format characters escaped as {@code \}{@code uXXXX}, so a message can never carry a
     * line break, a NUL or a bidirectional override from hostile input.
     *
     * @param value the value to quote, may be null
     * @return the quoted, shortened value
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            if (shown == 40) {
                out.append("...(").append(value.length()).append(" chars)");
                break;
            }
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (c == '\'' || c == '\\' || Character.isISOControl(c) || type == Character.FORMAT
                    || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                if (c == '\'' || c == '\\') {
                    out.append('\\').append(c);
                } else {
                    out.append(String.format("\\u%04X", (int) c));
                }
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }
}

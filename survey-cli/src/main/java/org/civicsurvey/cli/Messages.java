package org.civicsurvey.cli;

/** Text from the user's input, made safe to print on a terminal. */
final class Messages {
    private static final int MAX = 200;

    private Messages() {
    }

    /**
     * Replaces control characters (an escape sequence in a hostile id would drive the terminal) by
     * {@code \\uXXXX} and shortens long values.
     *
     * @param value text from the input
     * @return printable text
     */
    static String clean(String value) {
        return escape(value, MAX);
    }

    /**
     * Replaces control characters by {@code \\uXXXX}, whatever the length (for a whole message).
     *
     * @param value text
     * @return printable text
     */
    static String printable(String value) {
        return escape(value, Integer.MAX_VALUE);
    }

    private static String escape(String value, int max) {
        StringBuilder sb = new StringBuilder();
        int n = value.length();
        for (int i = 0; i < n && sb.length() < max; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202E') {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= max && n > max) {
            sb.append("…");
        }
        return sb.toString();
    }
}

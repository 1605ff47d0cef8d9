package org.civicsurvey.examples.portal;

import java.util.Locale;

/** HTML text helpers: every piece of text or attribute value that reaches a page goes through {@link #escape(String)}. */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for an HTML element body or a double-quoted attribute value.
     *
     * @param s the text (null becomes empty)
     * @return the escaped text
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Percent-encodes a path segment or query value (UTF-8; unreserved characters kept).
     *
     * @param s the text
     * @return the encoded text
     */
    static String url(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Formats a number with one decimal, or an en dash when it is not defined.
     *
     * @param v the value
     * @return the text
     */
    static String one(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "\u2013";
    }

    /**
     * The page frame: doctype, language, viewport, title, stylesheet, script.
     *
     * @param lang the page language
     * @param title the title (escaped here)
     * @param body the body HTML
     * @return the page
     */
    static String page(String lang, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>" + escape(title) + "</title>\n"
            + "<link rel=\"stylesheet\" href=\"/static/portal.css\">\n"
            + "<script src=\"/static/portal.js\" defer></script>\n"
            + "</head>\n<body>\n" + body + "\n</body>\n</html>\n";
    }
}

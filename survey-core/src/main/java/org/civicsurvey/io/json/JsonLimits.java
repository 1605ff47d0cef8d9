package org.civicsurvey.io.json;

/**
 * Bounds on JSON input, applied while parsing so that hostile input fails fast with a clear message.
 *
 * @param maxDocumentLength the longest document, in characters or bytes
 * @param maxNestingDepth the deepest nesting of arrays and objects
 * @param maxStringLength the longest string value or property name, in characters
 * @param maxNumberLength the longest number literal, in characters
 */
public record JsonLimits(long maxDocumentLength, int maxNestingDepth, int maxStringLength, int maxNumberLength) {
    private static final JsonLimits DEFAULTS = new JsonLimits(8_000_000L, 40, 20_000, 40);

    /**
     * Validates the limits.
     *
     * @param maxDocumentLength positive
     * @param maxNestingDepth positive
     * @param maxStringLength positive
     * @param maxNumberLength positive
     */
    public JsonLimits {
        if (maxDocumentLength < 1) {
            throw new IllegalArgumentException("maxDocumentLength must be positive, got " + maxDocumentLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be positive, got " + maxNestingDepth);
        }
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength must be positive, got " + maxStringLength);
        }
        if (maxNumberLength < 1) {
            throw new IllegalArgumentException("maxNumberLength must be positive, got " + maxNumberLength);
        }
    }

    /**
     * The defaults: documents up to 8,000,000 characters, nesting up to 40 levels, strings up to
     * 20,000 characters, numbers up to 40 characters.
     *
     * @return the default limits
     */
    public static JsonLimits defaults() {
        return DEFAULTS;
    }
}

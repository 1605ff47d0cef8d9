package org.civicsurvey.model;

import java.util.Collections;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Text a person reads, in one or more languages, keyed by BCP-47 language tags ({@code vi},
 * {@code en}, {@code en-GB}, {@code zh-Hant-TW}).
 *
 * <p>Tags are stored in canonical form ({@code EN-gb} becomes {@code en-GB}); iteration is in tag
 * order so written JSON is stable. A text may be {@linkplain #empty() empty} (an optional help text
 * that is absent). Each value is at most {@value #MAX_LENGTH} characters.
 *
 * <p><b>Fallback rule</b> ({@link #resolve(String, String)}): for a requested tag the text is taken
 * from (1) the exact tag; (2) the tag truncated subtag by subtag, as RFC 4647 lookup does
 * ({@code vi-VN} &rarr; {@code vi}); (3) the fallback tag, usually the instrument's default language,
 * and its truncations; (4) the first tag in tag order. An empty text resolves to {@code ""}.
 *
 * @param values text per canonical language tag
 */
public record LocalizedText(Map<String, String> values) {
    /** The longest text value, in characters. */
    public static final int MAX_LENGTH = 10_000;

    private static final LocalizedText EMPTY = new LocalizedText(Map.of());

    /**
     * Validates tags and values and canonicalises tags.
     *
     * @param values text per language tag, not null; no null or blank values
     */
    public LocalizedText {
        if (values == null) {
            throw new InvalidModelException("", "localized text is missing");
        }
        Violations v = new Violations();
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String tag = e.getKey();
            String canonical = canonicalTag(tag);
            if (canonical == null) {
                v.add(tag == null ? "" : tag, Ids.quote(tag) + " is not a well-formed BCP-47 language tag");
                continue;
            }
            String text = e.getValue();
            if (text == null || text.isBlank()) {
                v.add(canonical, "text is blank");
            } else if (text.length() > MAX_LENGTH) {
                v.add(canonical, "text has " + text.length() + " characters, more than the maximum " + MAX_LENGTH);
            } else if (copy.put(canonical, text) != null) {
                v.add(canonical, "language tag " + canonical + " appears twice");
            }
        }
        v.throwIfAny();
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * The empty text.
     *
     * @return a text with no language
     */
    public static LocalizedText empty() {
        return EMPTY;
    }

    /**
     * A text in one language.
     *
     * @param tag BCP-47 tag
     * @param text the text
     * @return the localized text
     */
    public static LocalizedText of(String tag, String text) {
        return new LocalizedText(Map.of(tag, text));
    }

    /**
     * A text in two languages.
     *
     * @param tag1 first tag
     * @param text1 first text
     * @param tag2 second tag
     * @param text2 second text
     * @return the localized text
     */
    public static LocalizedText of(String tag1, String text1, String tag2, String text2) {
        return new LocalizedText(Map.of(tag1, text1, tag2, text2));
    }

    /**
     * A text from a map of tag to text.
     *
     * @param values text per tag
     * @return the localized text
     */
    public static LocalizedText of(Map<String, String> values) {
        return new LocalizedText(values);
    }

    /**
     * Tells whether no language is present.
     *
     * @return true for the empty text
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The text in exactly this language, without fallback.
     *
     * @param tag BCP-47 tag
     * @return the text, or empty when this language is absent
     */
    public Optional<String> exact(String tag) {
        String canonical = canonicalTag(tag);
        return canonical == null ? Optional.empty() : Optional.ofNullable(values.get(canonical));
    }

    /**
     * Resolves the text for a locale, with {@code en} as the fallback language.
     *
     * @param locale the reader's locale
     * @return the text by the fallback rule; {@code ""} when empty
     */
    public String resolve(Locale locale) {
        return resolve(locale.toLanguageTag(), "en");
    }

    /**
     * Resolves the text for a tag by the fallback rule in the class description.
     *
     * @param tag the requested BCP-47 tag
     * @param fallbackTag the fallback language, usually the instrument's default language
     * @return the text; {@code ""} when this text is empty
     */
    public String resolve(String tag, String fallbackTag) {
        if (values.isEmpty()) {
            return "";
        }
        String found = lookup(canonicalTag(tag));
        if (found == null) {
            found = lookup(canonicalTag(fallbackTag));
        }
        return found != null ? found : values.values().iterator().next();
    }

    private String lookup(String tag) {
        String t = tag;
        while (t != null && !t.isEmpty()) {
            String text = values.get(t);
            if (text != null) {
                return text;
            }
            int dash = t.lastIndexOf('-');
            if (dash < 0) {
                return null;
            }
            t = t.substring(0, dash);
            if (t.length() > 1 && t.charAt(t.length() - 2) == '-') {
                t = t.substring(0, t.length() - 2); // drop a singleton such as "-x"
            }
        }
        return null;
    }

    /**
     * Canonicalises a BCP-47 tag.
     *
     * @param tag the tag, may be null
     * @return the canonical form ({@code en-GB}), or null when not well formed
     */
    public static String canonicalTag(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > 35) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            String canonical = locale.toLanguageTag();
            return "und".equals(canonical) ? null : canonical;
        } catch (IllformedLocaleException e) {
            return null;
        }
    }
}

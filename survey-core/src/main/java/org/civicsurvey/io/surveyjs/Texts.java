package org.civicsurvey.io.surveyjs;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.civicsurvey.model.LocalizedText;

/**
 * Localized text to SurveyJS localizable strings and back.
 *
 * <p>SurveyJS reads the {@code "default"} key for its default locale ({@code en} unless a portal
 * changes {@code surveyLocalization.defaultLocale}) and ignores an explicit key for that locale
 * when {@code "default"} is present; a string without {@code "default"} shows the question's name
 * to readers of the default locale. Hence:
 *
 * <ul>
 * <li>Writing: the text in SurveyJS's default locale goes to {@code "default"}, every other
 * language under its BCP-47 tag. A text with only that language is written as a plain string.
 * When the text has no version in that locale, {@code "default"} repeats the text the instrument's
 * fallback rule gives for it (so SurveyJS never shows a bare name), and the language it came from is
 * written under its own tag as well. When the default-locale text equals another language's text,
 * the default locale's own tag is written too, so that the copy rule below cannot drop it.</li>
 * <li>Reading: a plain string is the default locale's text. In an object, tags are canonicalised;
 * {@code "default"} is the default locale's text, except that (1) when an explicit key for the
 * default locale is present too it wins if equal, and {@code "default"} wins with a reported issue
 * if different (SurveyJS shows {@code "default"}); (2) in a CivicSurvey export (one with the survey
 * metadata), a {@code "default"} without an explicit default-locale key that equals another
 * language's text is the fallback copy above and is dropped.</li>
 * </ul>
 */
final class Texts {
    static final String DEFAULT_KEY = "default";

    private Texts() {
    }

    /**
     * Writes a localized text, or returns null when it is empty.
     *
     * @param text the text
     * @param defaultLocale SurveyJS's default locale, canonical
     * @param fallbackLanguage the instrument's default language
     * @return a text node, an object node or null
     */
    static JsonNode write(LocalizedText text, String defaultLocale, String fallbackLanguage) {
        if (text.isEmpty()) {
            return null;
        }
        Map<String, String> values = text.values();
        String inDefault = values.get(defaultLocale);
        if (inDefault != null && values.size() == 1) {
            return JsonNodeFactory.instance.textNode(inDefault);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (inDefault != null) {
            out.put(DEFAULT_KEY, inDefault);
            boolean repeated = false;
            for (Map.Entry<String, String> e : values.entrySet()) {
                repeated |= !e.getKey().equals(defaultLocale) && e.getValue().equals(inDefault);
            }
            if (repeated) {
                out.put(defaultLocale, inDefault);
            }
        } else {
            out.put(DEFAULT_KEY, text.resolve(defaultLocale, fallbackLanguage));
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().equals(defaultLocale)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Reads a localizable string.
     *
     * @param node the node, may be null or missing
     * @param path its JSON path, for issues
     * @param defaultLocale the language {@code "default"} and plain strings stand for
     * @param ours whether the survey is a CivicSurvey export
     * @param issues where problems go
     * @return the text, empty when absent
     */
    static LocalizedText read(JsonNode node, String path, String defaultLocale, boolean ours, List<SurveyJsIssue> issues) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return LocalizedText.empty();
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? LocalizedText.empty() : LocalizedText.of(defaultLocale, node.asText());
        }
        if (!node.isObject()) {
            issues.add(new SurveyJsIssue(path, "a localizable string must be a text or an object of texts by locale, not "
                    + Json.describe(node)));
            return LocalizedText.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        String defaultText = null;
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            String keyPath = Json.path(path, key);
            if (!value.isTextual()) {
                issues.add(new SurveyJsIssue(keyPath, "a translation must be a text, not " + Json.describe(value)));
                continue;
            }
            String s = value.asText();
            if (s.isBlank()) {
                continue;
            }
            if (s.length() > LocalizedText.MAX_LENGTH) {
                issues.add(new SurveyJsIssue(keyPath, "text has " + s.length() + " characters, more than the maximum "
                        + LocalizedText.MAX_LENGTH + "; left out"));
                continue;
            }
            if (key.equals(DEFAULT_KEY)) {
                defaultText = s;
                continue;
            }
            String tag = LocalizedText.canonicalTag(key);
            if (tag == null) {
                issues.add(new SurveyJsIssue(keyPath, "'" + Json.shorten(key) + "' is not a BCP-47 language tag; translation left out"));
                continue;
            }
            if (values.containsKey(tag)) {
                issues.add(new SurveyJsIssue(keyPath, "a second translation for " + tag + "; the first is kept"));
                continue;
            }
            values.put(tag, s);
        }
        if (defaultText != null) {
            String explicit = values.get(defaultLocale);
            if (explicit != null) {
                if (!explicit.equals(defaultText)) {
                    issues.add(new SurveyJsIssue(Json.path(path, defaultLocale), "differs from \"default\", which SurveyJS shows "
                            + "for " + defaultLocale + "; the \"default\" text is kept"));
                    values.put(defaultLocale, defaultText);
                }
            } else if (!(ours && values.containsValue(defaultText))) {
                values.put(defaultLocale, defaultText);
            }
        }
        return LocalizedText.of(values);
    }
}

package org.civicsurvey.io.surveyjs;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Ids;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.MethodReference;
import org.civicsurvey.model.ModelViolation;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;

/**
 * Imports a SurveyJS survey definition as an instrument.
 *
 * <p><b>What maps.</b> Pages and panels become sections (a container's consecutive questions form
 * one section; nested panels become sections of their own); {@code rating} becomes a rating
 * question (an NPS question when the CivicSurvey metadata says so); {@code radiogroup},
 * {@code dropdown} and {@code boolean} become single choice; {@code checkbox} and {@code tagbox}
 * multiple choice; {@code comment} and {@code text} text, or number when {@code inputType} is
 * {@code number}; each {@code matrix} row becomes a rating question on the columns' scale.
 * {@code isRequired}, {@code description}, localizable strings and {@code visibleIf} in the
 * supported expression subset map as {@link SurveyJsExporter} writes them. The extra rate values
 * and items {@code dontknow}, {@code none} and {@code refused} become the scale's don't know, not
 * applicable and refused codes; on choice questions SurveyJS's none, don't know and refuse items
 * become ordinary options with those codes.
 *
 * <p><b>What does not map is reported, never silently dropped.</b> Import does not fail on it:
 * {@link SurveyJsImport#issues()} lists, with the JSON path, every element left out (unsupported
 * question type), every condition not carried over (unsupported expression: the question is then
 * shown unconditionally), every behavioural property ignored ({@code defaultValue},
 * {@code requiredIf}, {@code validators}, triggers ...), and every change made to fit the model (an
 * invalid name turned into an id, a gap in rate values). {@link SurveyJsImport#requireLossless()}
 * turns issues into an exception. Layout and styling properties are ignored without report. Import
 * fails with {@link SurveyJsException} only when the text is not JSON, has no question that maps, or
 * the resulting instrument is invalid.
 *
 * <p><b>Defaults without metadata.</b> Identity comes from {@link #withIdentity(String, String)}
 * (required unless the survey carries CivicSurvey metadata); the positive threshold of a scale is
 * the first value above its midpoint ({@code floor((min + max) / 2) + 1}: 4 on 1..5, 3 on 1..4, 6 on
 * 1..10); special codes are numbered from {@code max + 1}; a text question without
 * {@code maxLength} gets {@link TextQuestion#MAX_LENGTH}; the languages are the survey's
 * {@code locale} (or the default locale) first, then every other language met, in tag order.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SurveyJsImporter {
    private static final List<String> IGNORED_BEHAVIOUR = List.of("defaultValue", "defaultValueExpression", "enableIf",
            "requiredIf", "validators", "setValueIf", "setValueExpression", "resetValueIf", "readOnly", "correctAnswer",
            "valueName", "choicesByUrl", "choicesFromQuestion", "choicesVisibleIf", "choicesEnableIf", "rowsVisibleIf",
            "columnsVisibleIf", "minValueExpression", "maxValueExpression", "bindings", "showCommentArea");
    private static final List<String> IGNORED_SURVEY_BEHAVIOUR = List.of("triggers", "calculatedValues",
            "completedHtmlOnCondition", "navigateToUrlOnCondition");
    private static final Set<String> FREE_TEXT_INPUTS = Set.of("text", "email", "tel", "url", "search");

    private final String defaultLocale;
    private final String id;
    private final String version;

    private SurveyJsImporter(String defaultLocale, String id, String version) {
        this.defaultLocale = defaultLocale;
        this.id = id;
        this.version = version;
    }

    /**
     * An importer that takes the default locale and identity from the survey's CivicSurvey
     * metadata, or {@code en} and no identity.
     *
     * @return the default importer
     */
    public static SurveyJsImporter withDefaults() {
        return new SurveyJsImporter(null, null, null);
    }

    /**
     * Sets the language that SurveyJS's {@code "default"} key and plain strings stand for (the
     * portal's {@code surveyLocalization.defaultLocale}).
     *
     * @param languageTag a BCP-47 tag
     * @return a changed importer
     * @throws IllegalArgumentException when the tag is not well formed
     */
    public SurveyJsImporter withDefaultLocale(String languageTag) {
        String tag = LocalizedText.canonicalTag(languageTag);
        if (tag == null) {
            throw new IllegalArgumentException("default locale '" + languageTag + "' is not a well-formed BCP-47 language tag");
        }
        return new SurveyJsImporter(tag, id, version);
    }

    /**
     * Sets the instrument's id and version, overriding the survey's metadata.
     *
     * @param instrumentId a valid id ({@value Ids#REGEX})
     * @param instrumentVersion a valid version ({@value Instrument#VERSION_REGEX})
     * @return a changed importer
     * @throws IllegalArgumentException when the id or version is not valid
     */
    public SurveyJsImporter withIdentity(String instrumentId, String instrumentVersion) {
        Ids.require("id", instrumentId);
        Objects.requireNonNull(instrumentVersion, "instrumentVersion");
        if (!instrumentVersion.matches(Instrument.VERSION_REGEX)) {
            throw new IllegalArgumentException("version '" + Json.shorten(instrumentVersion) + "' does not match "
                    + Instrument.VERSION_REGEX);
        }
        return new SurveyJsImporter(defaultLocale, instrumentId, instrumentVersion);
    }

    /**
     * Imports a SurveyJS survey JSON text.
     *
     * @param json the survey JSON, not null
     * @return the instrument with the issues met
     * @throws SurveyJsException when the text is not JSON, yields no question or no valid instrument
     */
    public SurveyJsImport read(String json) {
        Objects.requireNonNull(json, "json");
        return read(Json.read("SurveyJS survey", f -> f.createParser(json)));
    }

    /**
     * Imports a SurveyJS survey JSON stream (UTF-8); the stream is read to its end and left open.
     *
     * @param in the stream, not null
     * @return the instrument with the issues met
     * @throws SurveyJsException when the text is not JSON, yields no question or no valid instrument
     * @throws java.io.UncheckedIOException when reading fails
     */
    public SurveyJsImport read(InputStream in) {
        Objects.requireNonNull(in, "in");
        return read(Json.read("SurveyJS survey", f -> f.createParser(in)));
    }

    private SurveyJsImport read(JsonNode root) {
        if (!root.isObject()) {
            throw new SurveyJsException("SurveyJS survey", List.of(new SurveyJsIssue("", "a survey must be a JSON object, not "
                    + Json.describe(root))));
        }
        Run first = new Run(root, null);
        first.walk();
        return new Run(root, first.languages()).run();
    }

    // ====================================================================== one import

    /** A question being built, with what it needs once every question is known. */
    private static final class Pending {
        final String path;
        Question question;
        final List<String> visibleIf = new ArrayList<>();
        final List<String> visibleIfPaths = new ArrayList<>();

        Pending(String path) {
            this.path = path;
        }
    }

    private static final class SectionDraft {
        final String id;
        final LocalizedText title;
        final LocalizedText description;
        final List<Pending> questions = new ArrayList<>();

        SectionDraft(String id, LocalizedText title, LocalizedText description) {
            this.id = id;
            this.title = title;
            this.description = description;
        }
    }

    private final class Run {
        private final JsonNode root;
        private final List<SurveyJsIssue> issues = new ArrayList<>();
        private final Metadata.Reader meta = new Metadata.Reader(issues);
        private final boolean ours;
        private final JsonNode surveyMeta;
        private final String locale;
        private final List<SectionDraft> sections = new ArrayList<>();
        private final Set<String> questionIds = new HashSet<>();
        private final Set<String> sectionIds = new HashSet<>();
        private final SurveyJsNames.Builder names = new SurveyJsNames.Builder();
        private final Set<String> languagesSeen = new TreeSet<>();
        /** The instrument's languages, first the default; null while the first pass collects them. */
        private final List<String> languages;
        /** Per language, paths of the texts that had no translation in it. */
        private final Map<String, List<String>> untranslated = new LinkedHashMap<>();

        Run(JsonNode root, List<String> languages) {
            this.root = root;
            this.languages = languages;
            JsonNode m = root.get(SurveyJsExporter.METADATA_PROPERTY);
            this.ours = m != null && m.isObject();
            this.surveyMeta = ours ? m : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            if (m != null && !ours) {
                issues.add(new SurveyJsIssue(SurveyJsExporter.METADATA_PROPERTY, "must be an object, not " + Json.describe(m)
                        + "; ignored"));
            }
            String loc = defaultLocale;
            if (loc == null && ours) {
                loc = meta.string(surveyMeta, "defaultLocale", SurveyJsExporter.METADATA_PROPERTY).map(LocalizedText::canonicalTag)
                        .orElse(null);
            }
            this.locale = loc == null ? "en" : loc;
        }

        private void issue(String path, String message) {
            issues.add(new SurveyJsIssue(path, message));
        }

        private LocalizedText text(JsonNode node, String field, String path) {
            String p = Json.path(path, field);
            LocalizedText t = Texts.read(node.get(field), p, locale, ours, issues);
            languagesSeen.addAll(t.values().keySet());
            return complete(t, p);
        }

        /**
         * Fills the languages a text lacks with what SurveyJS shows readers of that language: the
         * {@code "default"} text, or the first one. Each gap is reported (grouped by language).
         */
        private LocalizedText complete(LocalizedText t, String path) {
            if (languages == null || t.isEmpty()) {
                return t;
            }
            Map<String, String> values = new LinkedHashMap<>();
            String shown = t.exact(locale).orElse(t.values().values().iterator().next());
            for (String tag : languages) {
                String v = t.values().get(tag);
                if (v == null) {
                    untranslated.computeIfAbsent(tag, k -> new ArrayList<>()).add(path);
                    v = shown;
                }
                values.put(tag, v);
            }
            for (Map.Entry<String, String> e : t.values().entrySet()) {
                values.putIfAbsent(e.getKey(), e.getValue());
            }
            return LocalizedText.of(values);
        }

        /** The same text in every language, for names SurveyJS shows when a title is missing. */
        private LocalizedText uniform(String text) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String tag : languages == null ? List.of(locale) : languages) {
                values.put(tag, text);
            }
            return LocalizedText.of(values);
        }

        private void walkPages() {
            JsonNode pages = root.get("pages");
            if (pages == null) {
                // SurveyJS also accepts questions/elements at the top level: one implicit page.
                if (root.has("elements") || root.has("questions")) {
                    container(root, "", "page1", LocalizedText.empty(), LocalizedText.empty(), List.of());
                }
            } else if (!pages.isArray()) {
                issue("pages", "must be a list, not " + Json.describe(pages));
            } else {
                for (int i = 0; i < pages.size(); i++) {
                    JsonNode page = pages.get(i);
                    String path = Json.path("pages", i);
                    if (!page.isObject()) {
                        issue(path, "a page must be an object, not " + Json.describe(page) + "; left out");
                        continue;
                    }
                    if (neverShown(page)) {
                        issue(Json.path(path, "visible"), "the page is never shown (visible: false); it is left out");
                        continue;
                    }
                    container(page, path, "page" + (i + 1), text(page, "title", path), text(page, "description", path), List.of());
                }
            }
        }

        /** The first pass: walks the survey to learn its languages. */
        void walk() {
            walkPages();
        }

        SurveyJsImport run() {
            if (ours) {
                declaredLanguages(); // report malformed entries once, in this pass
                Optional<Integer> format = meta.integer(surveyMeta, "format", SurveyJsExporter.METADATA_PROPERTY);
                if (format.isPresent() && format.get() > SurveyJsExporter.METADATA_FORMAT) {
                    issue(Json.path(SurveyJsExporter.METADATA_PROPERTY, "format"), "metadata format " + format.get()
                            + " is newer than " + SurveyJsExporter.METADATA_FORMAT + "; read as far as understood");
                }
            }
            for (String p : IGNORED_SURVEY_BEHAVIOUR) {
                if (root.has(p)) {
                    issue(p, "'" + p + "' is not supported; left out");
                }
            }
            walkPages();
            List<Pending> all = new ArrayList<>();
            sections.forEach(s -> all.addAll(s.questions));
            if (all.isEmpty()) {
                issue("pages", "the survey has no question that maps to the instrument model");
                throw new SurveyJsException("SurveyJS survey", issues);
            }
            SurveyJsNames sjNames = names.build();
            for (Pending p : all) {
                conditions(p, sjNames);
            }
            return new SurveyJsImport(instrument(), issues, sjNames);
        }

        // ------------------------------------------------------------ identity and instrument

        private Instrument instrument() {
            String mp = SurveyJsExporter.METADATA_PROPERTY;
            String instrumentId = id != null ? id : meta.string(surveyMeta, "id", mp).orElse(null);
            String instrumentVersion = version != null ? version : meta.string(surveyMeta, "version", mp).orElse(null);
            if (instrumentId == null || instrumentVersion == null) {
                issue("", "the survey carries no CivicSurvey id and version; give them with withIdentity(id, version)");
                throw new SurveyJsException("SurveyJS survey", issues);
            }
            List<String> languages = languages();
            LocalizedText title = text(root, "title", "");
            if (title.isEmpty()) {
                title = uniform(instrumentId);
                issue("title", "the survey has no title; the instrument id is used as its title");
            }
            LocalizedText description = text(root, "description", "");
            Optional<MethodReference> method = meta.method(surveyMeta, mp);
            List<Dimension> dimensions = meta.dimensions(surveyMeta, mp);
            List<Scale> scales = meta.scales(surveyMeta, mp);
            List<Section> built = new ArrayList<>();
            Set<String> dimensionIds = new HashSet<>();
            dimensions.forEach(d -> dimensionIds.add(d.id()));
            for (SectionDraft s : sections) {
                List<Question> qs = new ArrayList<>();
                for (Pending p : s.questions) {
                    qs.add(checkReferences(p, dimensionIds, scales));
                }
                LocalizedText sectionTitle = s.title.isEmpty() ? uniform(s.id) : s.title;
                built.add(new Section(s.id, sectionTitle, s.description, qs));
            }
            for (Map.Entry<String, List<String>> u : untranslated.entrySet()) {
                List<String> paths = u.getValue();
                issue(paths.get(0), paths.size() + (paths.size() == 1 ? " text has" : " texts have") + " no " + u.getKey()
                        + " translation" + (paths.size() > 1 ? " (first here; also " + String.join(", ",
                        paths.subList(1, Math.min(paths.size(), 4))) + (paths.size() > 4 ? ", ..." : "") + ")" : "")
                        + "; the text SurveyJS shows instead is used for " + u.getKey());
            }
            try {
                return new Instrument(instrumentId, instrumentVersion, languages, title, description, method, dimensions,
                        scales, built);
            } catch (org.civicsurvey.model.InvalidModelException e) {
                for (ModelViolation v : e.violations()) {
                    issue("", "instrument: " + v);
                }
                throw new SurveyJsException("SurveyJS survey", issues, e);
            }
        }

        List<String> languages() {
            if (languages != null) {
                return languages;
            }
            return computedLanguages(declaredLanguages());
        }

        /** The languages the metadata declares, reporting malformed entries. */
        private List<String> declaredLanguages() {
            String mp = SurveyJsExporter.METADATA_PROPERTY;
            JsonNode declared = surveyMeta.get("languages");
            List<String> out = new ArrayList<>();
            if (declared != null && declared.isArray()) {
                for (int i = 0; i < declared.size(); i++) {
                    String tag = LocalizedText.canonicalTag(declared.get(i).asText());
                    if (tag == null) {
                        issue(Json.path(Json.path(mp, "languages"), i), Json.describe(declared.get(i))
                                + " is not a language tag; ignored");
                    } else if (!out.contains(tag)) {
                        out.add(tag);
                    }
                }
            } else if (declared != null) {
                issue(Json.path(mp, "languages"), "must be a list of language tags; ignored");
            }
            return out;
        }

        private List<String> computedLanguages(List<String> out) {
            if (out.isEmpty()) {
                JsonNode loc = root.get("locale");
                String first = loc != null && loc.isTextual() ? LocalizedText.canonicalTag(loc.asText()) : null;
                if (first != null && languagesSeen.contains(first)) {
                    out.add(first);
                } else if (languagesSeen.contains(locale) || languagesSeen.isEmpty()) {
                    out.add(locale);
                } else {
                    out.add(languagesSeen.iterator().next());
                }
            }
            for (String tag : languagesSeen) {
                if (!out.contains(tag)) {
                    out.add(tag);
                }
            }
            return out;
        }

        private Question checkReferences(Pending p, Set<String> dimensionIds, List<Scale> scales) {
            Question q = p.question;
            if (q instanceof RatingQuestion r) {
                Optional<String> dim = r.dimension();
                if (dim.isPresent() && !dimensionIds.contains(dim.get())) {
                    issue(p.path, "dimension '" + dim.get() + "' is not declared in the survey metadata; the item is left "
                            + "without dimension");
                    dim = Optional.empty();
                }
                Scale s = namedScale(p, r.scale(), scales);
                return new RatingQuestion(r.id(), r.text(), r.help(), r.required(), r.showIf(), r.tags(), s, dim);
            }
            if (q instanceof NpsQuestion n) {
                Scale s = namedScale(p, n.scale(), scales);
                return new NpsQuestion(n.id(), n.text(), n.help(), n.required(), n.showIf(), n.tags(), s);
            }
            return q;
        }

        private Scale namedScale(Pending p, Scale s, List<Scale> scales) {
            if (s.id().isEmpty()) {
                return s;
            }
            for (Scale named : scales) {
                if (named.id().equals(s.id())) {
                    if (named.equals(s)) {
                        return s;
                    }
                    issue(p.path, "the scale differs from the named scale '" + s.id().get() + "' in the survey metadata; "
                            + "the item keeps its own (unnamed) scale");
                    return new Scale(Optional.empty(), s.min(), s.max(), s.labels(), s.positiveThreshold(), s.specialCodes());
                }
            }
            issue(p.path, "scale '" + s.id().get() + "' is not declared in the survey metadata; the item keeps an unnamed scale");
            return new Scale(Optional.empty(), s.min(), s.max(), s.labels(), s.positiveThreshold(), s.specialCodes());
        }

        // ------------------------------------------------------------ containers

        /**
         * Walks a page or panel: its consecutive questions form sections; panels recurse.
         *
         * @param inherited visibleIf expressions (with paths) of enclosing containers
         */
        private void container(JsonNode node, String path, String fallbackName, LocalizedText title, LocalizedText description,
                List<String[]> inherited) {
            String name = node.path("name").isTextual() && !node.path("name").asText().isBlank() ? node.path("name").asText() : fallbackName;
            List<String[]> conditions = new ArrayList<>(inherited);
            JsonNode visibleIf = node.get("visibleIf");
            if (visibleIf != null && visibleIf.isTextual() && !visibleIf.asText().isBlank()) {
                conditions.add(new String[] {visibleIf.asText(), Json.path(path, "visibleIf")});
            }
            for (String p : IGNORED_BEHAVIOUR) {
                if (node.has(p)) {
                    issue(Json.path(path, p), "'" + p + "' is not supported; left out");
                }
            }
            String field = node.has("elements") ? "elements" : "questions";
            JsonNode elements = node.get(field);
            if (elements == null) {
                return;
            }
            String ep = path.isEmpty() ? field : Json.path(path, field);
            if (!elements.isArray()) {
                issue(ep, "must be a list, not " + Json.describe(elements) + "; left out");
                return;
            }
            SectionDraft current = null;
            int run = 0;
            for (int i = 0; i < elements.size(); i++) {
                JsonNode e = elements.get(i);
                String p = Json.path(ep, i);
                if (!e.isObject()) {
                    issue(p, "an element must be an object, not " + Json.describe(e) + "; left out");
                    continue;
                }
                String type = e.path("type").asText("").toLowerCase(Locale.ROOT);
                if (type.equals("panel") && neverShown(e)) {
                    issue(Json.path(p, "visible"), "the panel is never shown (visible: false); it is left out");
                    continue;
                }
                if (type.equals("panel")) {
                    current = null;
                    container(e, p, name + "-panel" + (i + 1), text(e, "title", p), text(e, "description", p), conditions);
                    continue;
                }
                List<Pending> made = element(e, p, type);
                if (made.isEmpty()) {
                    continue;
                }
                if (current == null) {
                    run++;
                    current = new SectionDraft(sectionId(run == 1 ? name : name + "-" + run, path), title, description);
                    sections.add(current);
                }
                for (Pending q : made) {
                    for (int k = conditions.size() - 1; k >= 0; k--) {
                        q.visibleIf.add(0, conditions.get(k)[0]);
                        q.visibleIfPaths.add(0, conditions.get(k)[1]);
                    }
                    current.questions.add(q);
                }
            }
        }

        private String sectionId(String name, String path) {
            String sectionId = validId(name, sectionIds, Json.path(path, "name"), "section id");
            sectionIds.add(sectionId);
            return sectionId;
        }

        /** A valid, unused id for a SurveyJS name; reports a rename. */
        private String validId(String name, Set<String> used, String path, String what) {
            String candidate = name;
            if (!Ids.isValid(candidate)) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < candidate.length() && b.length() < Ids.MAX_LENGTH - 4; i++) {
                    char c = candidate.charAt(i);
                    b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') ? c : '_');
                }
                if (b.length() == 0 || !(b.charAt(0) < 128 && Character.isLetter(b.charAt(0)))) {
                    b.insert(0, 'v');
                }
                candidate = b.toString();
            }
            String base = candidate;
            for (int i = 2; used.contains(candidate); i++) {
                candidate = base + "-" + i;
            }
            if (!candidate.equals(name)) {
                issue(path, "'" + Json.shorten(name) + "' is not a valid or unique " + what + "; it becomes '" + candidate + "'");
            }
            return candidate;
        }

        // ------------------------------------------------------------ elements

        private List<Pending> element(JsonNode e, String path, String type) {
            String sjName = e.path("name").asText("");
            if (sjName.isBlank()) {
                issue(Json.path(path, "name"), "a question needs a name; the element is left out");
                return List.of();
            }
            if (neverShown(e)) {
                issue(Json.path(path, "visible"), "the question is never shown (visible: false); the element is left out");
                return List.of();
            }
            for (String p : IGNORED_BEHAVIOUR) {
                if (e.has(p)) {
                    issue(Json.path(path, p), "'" + p + "' is not supported; left out");
                }
            }
            try {
                return typed(e, path, type, sjName);
            } catch (IllegalArgumentException ex) {
                issue(path, ex.getMessage() + "; the element is left out");
                return List.of();
            }
        }

        private List<Pending> typed(JsonNode e, String path, String type, String sjName) {
            JsonNode m = e.path(SurveyJsExporter.METADATA_PROPERTY);
            String mp = Json.path(path, SurveyJsExporter.METADATA_PROPERTY);
            switch (type) {
                case "rating":
                    return one(e, path, sjName, rating(e, path, sjName, m, mp));
                case "radiogroup":
                case "dropdown":
                    return one(e, path, sjName, choice(e, path, sjName, m, mp, false));
                case "checkbox":
                case "tagbox":
                    return one(e, path, sjName, choice(e, path, sjName, m, mp, true));
                case "boolean":
                    return one(e, path, sjName, bool(e, path, sjName, m, mp));
                case "comment":
                    return one(e, path, sjName, text(e, path, sjName, m, mp));
                case "text":
                    return one(e, path, sjName, textOrNumber(e, path, sjName, m, mp));
                case "matrix":
                    return matrix(e, path, sjName, m, mp);
                case "":
                    issue(Json.path(path, "type"), "the element has no type; left out");
                    return List.of();
                default:
                    issue(Json.path(path, "type"), "'" + Json.shorten(type) + "' is not supported; the element is left out");
                    return List.of();
            }
        }

        private List<Pending> one(JsonNode e, String path, String sjName, Question q) {
            if (q == null) {
                return List.of();
            }
            Pending p = new Pending(path);
            p.question = q;
            String own = ownVisibleIf(e);
            if (own != null) {
                p.visibleIf.add(own);
                p.visibleIfPaths.add(Json.path(path, "visibleIf"));
            }
            return List.of(p);
        }

        private String questionId(String sjName, String path) {
            String qid = validId(sjName, questionIds, Json.path(path, "name"), "question id");
            questionIds.add(qid);
            return qid;
        }

        /**
         * {@code visible: false} without {@code visibleIf}: never shown. With a {@code visibleIf},
         * {@code visible} is only the state SurveyJS saved ({@code survey.toJSON()} writes it), which
         * the condition recomputes on load.
         */
        private boolean neverShown(JsonNode e) {
            return e.path("visible").isBoolean() && !e.path("visible").asBoolean() && ownVisibleIf(e) == null;
        }

        private String ownVisibleIf(JsonNode e) {
            JsonNode v = e.get("visibleIf");
            return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
        }

        /** Common parts; returns {id, text, help, required} through the holder. */
        private final class Common {
            final String id;
            final LocalizedText text;
            final LocalizedText help;
            final boolean required;
            final List<String> tags;

            Common(JsonNode e, String path, String sjName, JsonNode m, String mp) {
                this.id = questionId(sjName, path);
                LocalizedText t = text(e, "title", path);
                this.text = t.isEmpty() ? uniform(sjName) : t;
                this.help = text(e, "description", path);
                JsonNode req = e.get("isRequired");
                this.required = req != null && req.asBoolean(false);
                this.tags = m.isObject() ? meta.tags(m, mp) : List.of();
            }
        }

        private Question rating(JsonNode e, String path, String sjName, JsonNode m, String mp) {
            ScaleDraft draft = scaleDraft(e, path, "rateValues", true);
            if (draft == null) {
                return null;
            }
            Scale scale = draft.scale(m, mp);
            if (scale == null) {
                return null;
            }
            Common c = new Common(e, path, sjName, m, mp);
            names.question(sjName, c.id, Expressions.Kind.INTEGER, null);
            if (m.isObject() && "nps".equals(m.path("kind").asText(null))) {
                try {
                    return new NpsQuestion(c.id, c.text, c.help, c.required, Optional.empty(), c.tags, scale);
                } catch (IllegalArgumentException ex) {
                    issue(path, ex.getMessage() + "; imported as a rating question");
                }
            }
            Optional<String> dimension = m.isObject() ? meta.string(m, "dimension", mp) : Optional.empty();
            return new RatingQuestion(c.id, c.text, c.help, c.required, Optional.empty(), c.tags, scale, dimension);
        }

        /** Integer points with labels and special answers read from rate values or matrix columns. */
        private final class ScaleDraft {
            final String path;
            final TreeSet<Integer> points = new TreeSet<>();
            final Map<Integer, LocalizedText> labels = new LinkedHashMap<>();
            final Map<SpecialStatus, LocalizedText> specials = new LinkedHashMap<>();
            final Map<String, SpecialStatus> specialValues = new LinkedHashMap<>();

            ScaleDraft(String path) {
                this.path = path;
            }

            Scale scale(JsonNode m, String mp) {
                if (points.size() < 2) {
                    issue(path, "a rating needs at least two integer points, found " + points.size() + "; the element is left out");
                    return null;
                }
                int min = points.first();
                int max = points.last();
                if ((long) max - min + 1 > Scale.MAX_POINTS) {
                    issue(path, "the scale " + min + ".." + max + " has more than " + Scale.MAX_POINTS + " points; the element is left out");
                    return null;
                }
                if (points.size() != max - min + 1) {
                    List<Integer> gaps = new ArrayList<>();
                    for (long v = min; v <= max; v++) {
                        if (!points.contains((int) v)) {
                            gaps.add((int) v);
                        }
                    }
                    issue(path, "the values " + gaps + " are missing between " + min + " and " + max + "; the scale "
                            + min + ".." + max + " accepts them");
                }
                // in long: min + max overflows int for a scale near Integer.MAX_VALUE
                int defaultThreshold = (int) (Math.floorDiv((long) min + max, 2) + 1);
                int threshold = defaultThreshold;
                Map<SpecialStatus, Integer> codes = new LinkedHashMap<>();
                Optional<String> scaleId = Optional.empty();
                if (m.isObject()) {
                    Optional<Integer> t = meta.integer(m, "positiveThreshold", mp);
                    if (t.isPresent()) {
                        threshold = t.get();
                    }
                    codes = meta.specialCodes(m, mp);
                    scaleId = meta.string(m, "scale", mp);
                }
                List<ScalePoint> pts = new ArrayList<>();
                labels.forEach((v, l) -> pts.add(new ScalePoint(v, l)));
                pts.sort((a, b) -> Integer.compare(a.value(), b.value()));
                List<SpecialCode> specialCodes = new ArrayList<>();
                Set<Integer> used = new HashSet<>();
                for (Map.Entry<SpecialStatus, LocalizedText> s : specials.entrySet()) {
                    Integer code = codes.get(s.getKey());
                    if (code == null || code >= min && code <= max || used.contains(code)) {
                        if (code != null) {
                            issue(mp, "the code " + code + " for " + s.getKey().label() + " is unusable; another is assigned");
                        }
                        code = freeCode(min, max, used);
                    }
                    used.add(code);
                    specialCodes.add(new SpecialCode(code, s.getKey(), s.getValue()));
                }
                if (threshold < min || threshold > max) {
                    issue(Json.path(mp, "positiveThreshold"), "positiveThreshold " + threshold + " is outside " + min + ".." + max
                            + "; the default " + defaultThreshold + " is used");
                    threshold = defaultThreshold;
                }
                return new Scale(scaleId, min, max, pts, threshold, specialCodes);
            }
        }

        /** The first code above the scale not in use, or below it when the scale ends at Integer.MAX_VALUE. */
        private int freeCode(int min, int max, Set<Integer> used) {
            for (long c = (long) max + 1; c <= Integer.MAX_VALUE; c++) {
                if (!used.contains((int) c)) {
                    return (int) c;
                }
            }
            int c = min - 1;
            while (used.contains(c)) {
                c--;
            }
            return c;
        }

        private ScaleDraft scaleDraft(JsonNode e, String path, String field, boolean rating) {
            ScaleDraft d = new ScaleDraft(path);
            JsonNode values = e.get(field);
            boolean explicit = values != null && values.isArray() && values.size() > 0
                    && !(rating && e.path("autoGenerate").asBoolean(false));
            if (explicit) {
                String vp = Json.path(path, field);
                for (int i = 0; i < values.size(); i++) {
                    JsonNode item = values.get(i);
                    String ip = Json.path(vp, i);
                    JsonNode value = itemValue(item);
                    if (value == null || value.isNull() || value.isContainerNode()) {
                        issue(ip, "an item needs a value; left out");
                        continue;
                    }
                    LocalizedText label = itemText(item, ip);
                    if (item.isObject() && item.has("visibleIf")) {
                        issue(Json.path(ip, "visibleIf"), "conditions on single items are not supported; left out");
                    }
                    Optional<SpecialStatus> special = value.isTextual() ? SurveyJsValues.status(value.asText()) : Optional.empty();
                    if (special.isPresent()) {
                        if (d.specials.containsKey(special.get())) {
                            issue(ip, "a second '" + value.asText() + "' item; left out");
                        } else {
                            d.specials.put(special.get(), label);
                            d.specialValues.put(value.asText(), special.get());
                        }
                        continue;
                    }
                    Integer v = integerValue(value);
                    if (v == null) {
                        issue(ip, Json.describe(value) + " is not an integer scale value; the item is left out");
                        continue;
                    }
                    if (!d.points.add(v)) {
                        issue(ip, "the value " + v + " appears twice; the second is left out");
                        continue;
                    }
                    if (!label.isEmpty()) {
                        d.labels.put(v, label);
                    }
                }
            } else if (rating) {
                Integer min = rateProperty(e, "rateMin", 1, path);
                Integer step = rateProperty(e, "rateStep", 1, path);
                if (min == null || step == null) {
                    return null;
                }
                if (step < 1) {
                    issue(Json.path(path, "rateStep"), "rateStep " + step + " is not a positive integer; the element is left out");
                    return null;
                }
                long max;
                if (e.has("rateMax")) {
                    Integer m = rateProperty(e, "rateMax", min + step * 4, path);
                    if (m == null) {
                        return null;
                    }
                    max = m;
                } else if (e.has("rateCount")) {
                    Integer count = rateProperty(e, "rateCount", 5, path);
                    if (count == null) {
                        return null;
                    }
                    max = min + (long) step * (count - 1);
                } else {
                    max = min + step * 4L;
                }
                if (max < min) {
                    issue(Json.path(path, "rateMax"), "rateMax " + max + " is below rateMin " + min + "; the element is left out");
                    return null;
                }
                if ((max - min) / step + 1 > Scale.MAX_POINTS || max > Integer.MAX_VALUE) {
                    issue(path, "the scale " + min + ".." + max + " has more than " + Scale.MAX_POINTS
                            + " points; the element is left out");
                    return null;
                }
                // a long counter: an int one wraps past Integer.MAX_VALUE and never ends (rateMin = rateMax = 2147483647)
                for (long v = min; v <= max; v += step) {
                    d.points.add((int) v);
                }
            } else {
                issue(Json.path(path, field), "a matrix needs columns; the element is left out");
                return null;
            }
            if (rating && !d.points.isEmpty()) {
                LocalizedText lo = text(e, "minRateDescription", path);
                LocalizedText hi = text(e, "maxRateDescription", path);
                describeEnd(d, d.points.first(), lo, Json.path(path, "minRateDescription"));
                describeEnd(d, d.points.last(), hi, Json.path(path, "maxRateDescription"));
            }
            return d;
        }

        private void describeEnd(ScaleDraft d, int point, LocalizedText description, String path) {
            if (description.isEmpty()) {
                return;
            }
            if (d.labels.containsKey(point)) {
                issue(path, "not kept: the point " + point + " already has a label from its rate value");
            } else {
                d.labels.put(point, description);
            }
        }

        /** An item's value: {@code {"value": v}}, a bare value, or SurveyJS's {@code "value|text"} shorthand. */
        private JsonNode itemValue(JsonNode item) {
            if (item.isObject()) {
                return item.get("value");
            }
            if (item.isTextual() && item.asText().contains("|")) {
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(item.asText().substring(0, item.asText().indexOf('|')));
            }
            return item;
        }

        /** An item's text: its {@code text}, or the part after {@code |} of the shorthand. */
        private LocalizedText itemText(JsonNode item, String path) {
            if (item.isObject()) {
                return text(item, "text", path);
            }
            if (item.isTextual() && item.asText().contains("|")) {
                String t = item.asText().substring(item.asText().indexOf('|') + 1);
                return t.isBlank() ? LocalizedText.empty() : complete(LocalizedText.of(locale, t), path);
            }
            return LocalizedText.empty();
        }

        /**
         * A whole-number property of a rating ({@code rateMin}, {@code rateMax}, ...): the default when it
         * is absent, null with an issue when it is not a whole number within int's range.
         */
        private Integer rateProperty(JsonNode e, String field, int absent, String path) {
            JsonNode v = e.get(field);
            if (v == null || v.isNull()) {
                return absent;
            }
            Integer i = integerValue(v);
            if (i == null) {
                issue(Json.path(path, field), Json.describe(v) + " is not a whole number between " + Integer.MIN_VALUE
                        + " and " + Integer.MAX_VALUE + "; the element is left out");
            }
            return i;
        }

        private Integer integerValue(JsonNode value) {
            if (value.isNumber()) {
                return Json.wholeNumber(value);
            }
            if (value.isTextual() && value.asText().matches("-?[0-9]{1,9}")) {
                return Integer.parseInt(value.asText());
            }
            return null;
        }

        private Question choice(JsonNode e, String path, String sjName, JsonNode m, String mp, boolean multiple) {
            Common c = new Common(e, path, sjName, m, mp);
            List<ChoiceOption> options = new ArrayList<>();
            Map<String, String> codes = new LinkedHashMap<>();
            Set<String> used = new HashSet<>();
            JsonNode choices = e.get("choices");
            String cp = Json.path(path, "choices");
            if (choices != null && !choices.isArray()) {
                issue(cp, "must be a list, not " + Json.describe(choices) + "; left out");
            } else if (choices != null) {
                for (int i = 0; i < choices.size(); i++) {
                    JsonNode item = choices.get(i);
                    String ip = Json.path(cp, i);
                    JsonNode value = itemValue(item);
                    if (value == null || value.isNull() || value.isContainerNode()) {
                        issue(ip, "a choice needs a value; left out");
                        continue;
                    }
                    String valueText = Json.valueText(value);
                    if (codes.containsKey(valueText)) {
                        issue(ip, "the value '" + Json.shorten(valueText) + "' appears twice; the second is left out");
                        continue;
                    }
                    String code = validId(valueText, used, Json.path(ip, "value"), "option code");
                    used.add(code);
                    LocalizedText label = itemText(item, ip);
                    if (label.isEmpty()) {
                        label = uniform(valueText);
                    }
                    if (item.isObject() && item.has("visibleIf")) {
                        issue(Json.path(ip, "visibleIf"), "conditions on single choices are not supported; left out");
                    }
                    OptionalDouble score = OptionalDouble.empty();
                    JsonNode im = item.path(SurveyJsExporter.METADATA_PROPERTY);
                    if (im.isObject()) {
                        score = meta.number(im, "score", Json.path(ip, SurveyJsExporter.METADATA_PROPERTY));
                    }
                    codes.put(valueText, code);
                    options.add(new ChoiceOption(code, label, score, false));
                }
            }
            special(e, path, "showNoneItem", "noneText", SurveyJsValues.NOT_APPLICABLE, "None", options, codes, used);
            special(e, path, "showRefuseItem", "refuseText", SurveyJsValues.REFUSED, "Refuse to answer", options, codes, used);
            special(e, path, "showDontKnowItem", "dontKnowText", SurveyJsValues.DONT_KNOW, "Don't know", options, codes, used);
            String otherCode = null;
            if (e.path("showOtherItem").asBoolean(false) || e.path("hasOther").asBoolean(false)) {
                JsonNode other = m.path("other");
                String op = Json.path(mp, "other");
                otherCode = other.isObject() ? meta.string(other, "code", op).orElse(SurveyJsValues.OTHER) : SurveyJsValues.OTHER;
                if (!Ids.isValid(otherCode) || used.contains(otherCode)) {
                    issue(op, "the other option's code '" + Json.shorten(otherCode) + "' is not a valid unused id; '"
                            + SurveyJsValues.OTHER + "-option' is used");
                    otherCode = validId(SurveyJsValues.OTHER + "-option", used, op, "option code");
                }
                used.add(otherCode);
                LocalizedText label = text(e, "otherText", path);
                if (label.isEmpty()) {
                    label = uniform("Other (describe)");
                }
                OptionalDouble score = other.isObject() ? meta.number(other, "score", op) : OptionalDouble.empty();
                ChoiceOption o = new ChoiceOption(otherCode, label, score, true);
                int index = options.size();
                if (other.isObject()) {
                    Optional<Integer> at = meta.integer(other, "index", op);
                    if (at.isPresent() && at.get() >= 0 && at.get() <= options.size()) {
                        index = at.get();
                    }
                }
                options.add(index, o);
                codes.put(SurveyJsValues.OTHER, otherCode);
            }
            if (options.isEmpty()) {
                issue(cp, "a choice question needs at least one choice; the element is left out");
                questionIds.remove(c.id);
                return null;
            }
            names.question(sjName, c.id, multiple ? Expressions.Kind.MULTIPLE : Expressions.Kind.CHOICE, codes);
            if (otherCode != null) {
                names.other(sjName, otherCode);
            }
            return new ChoiceQuestion(c.id, c.text, c.help, c.required, Optional.empty(), c.tags, multiple, options);
        }

        private void special(JsonNode e, String path, String flag, String textField, String value, String english,
                List<ChoiceOption> options, Map<String, String> codes, Set<String> used) {
            if (!e.path(flag).asBoolean(false)) {
                return;
            }
            if (codes.containsKey(value)) {
                issue(Json.path(path, flag), "a choice already has the value '" + value + "'; the item is left out");
                return;
            }
            LocalizedText label = text(e, textField, path);
            if (label.isEmpty()) {
                label = uniform(english);
            }
            String code = validId(value, used, Json.path(path, flag), "option code");
            used.add(code);
            codes.put(value, code);
            options.add(ChoiceOption.of(code, label));
        }

        private Question bool(JsonNode e, String path, String sjName, JsonNode m, String mp) {
            Common c = new Common(e, path, sjName, m, mp);
            JsonNode vt = e.get("valueTrue");
            JsonNode vf = e.get("valueFalse");
            String trueValue = vt == null || vt.isNull() ? "true" : Json.valueText(vt);
            String falseValue = vf == null || vf.isNull() ? "false" : Json.valueText(vf);
            Set<String> used = new HashSet<>();
            String trueCode = validId(trueValue, used, Json.path(path, "valueTrue"), "option code");
            used.add(trueCode);
            String falseCode = validId(falseValue, used, Json.path(path, "valueFalse"), "option code");
            LocalizedText yes = text(e, "labelTrue", path);
            LocalizedText no = text(e, "labelFalse", path);
            List<ChoiceOption> options = List.of(
                    ChoiceOption.of(trueCode, yes.isEmpty() ? uniform("Yes") : yes),
                    ChoiceOption.of(falseCode, no.isEmpty() ? uniform("No") : no));
            Map<String, String> codes = new LinkedHashMap<>();
            codes.put(trueValue, trueCode);
            codes.put(falseValue, falseCode);
            names.question(sjName, c.id, Expressions.Kind.CHOICE, codes);
            return new ChoiceQuestion(c.id, c.text, c.help, c.required, Optional.empty(), c.tags, false, options);
        }

        private Question text(JsonNode e, String path, String sjName, JsonNode m, String mp) {
            Common c = new Common(e, path, sjName, m, mp);
            int maxLength = TextQuestion.MAX_LENGTH;
            JsonNode ml = e.get("maxLength");
            if (ml != null && ml.isNumber() && ml.doubleValue() > 0) {
                Integer whole = Json.wholeNumber(ml);
                if (whole == null && ml.doubleValue() <= TextQuestion.MAX_LENGTH) {
                    issue(Json.path(path, "maxLength"), "maxLength " + ml.asText() + " is not a whole number; the model's maximum "
                            + TextQuestion.MAX_LENGTH + " is used");
                } else if (whole == null || whole > TextQuestion.MAX_LENGTH) {
                    issue(Json.path(path, "maxLength"), "maxLength " + Json.shorten(ml.asText()) + " is above the model's maximum "
                            + TextQuestion.MAX_LENGTH + ", which is used");
                } else {
                    maxLength = whole;
                }
            }
            names.question(sjName, c.id, Expressions.Kind.TEXT, null);
            return new TextQuestion(c.id, c.text, c.help, c.required, Optional.empty(), c.tags, maxLength);
        }

        private Question textOrNumber(JsonNode e, String path, String sjName, JsonNode m, String mp) {
            String inputType = e.path("inputType").asText("text").toLowerCase(Locale.ROOT);
            if (inputType.equals("number") || inputType.equals("range")) {
                Common c = new Common(e, path, sjName, m, mp);
                double min = bound(e, "min", path, Double.NEGATIVE_INFINITY);
                double max = bound(e, "max", path, Double.POSITIVE_INFINITY);
                JsonNode step = e.get("step");
                boolean integer = m.isObject() && m.has("integer") ? meta.bool(m, "integer", mp)
                        : step != null && step.isNumber() && step.asDouble() == 1 && (Double.isInfinite(min) || min == Math.rint(min));
                if (step != null && step.isNumber() && !integer && step.asDouble() != 0) {
                    issue(Json.path(path, "step"), "step " + step.asText() + " is not kept (only step 1, for integers, is)");
                }
                if (min > max) {
                    issue(path, "min " + min + " is above max " + max + "; both bounds are left out");
                    min = Double.NEGATIVE_INFINITY;
                    max = Double.POSITIVE_INFINITY;
                }
                names.question(sjName, c.id, integer ? Expressions.Kind.INTEGER : Expressions.Kind.NUMBER, null);
                return new NumberQuestion(c.id, c.text, c.help, c.required, Optional.empty(), c.tags, min, max, integer);
            }
            if (!FREE_TEXT_INPUTS.contains(inputType)) {
                issue(Json.path(path, "inputType"), "inputType '" + Json.shorten(inputType) + "' is imported as free text "
                        + "(its format is not checked)");
            }
            return text(e, path, sjName, m, mp);
        }

        private double bound(JsonNode e, String field, String path, double absent) {
            JsonNode v = e.get(field);
            if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
                return absent;
            }
            if (v.isNumber()) {
                if (Double.isFinite(v.asDouble())) {
                    return v.asDouble();
                }
                issue(Json.path(path, field), Json.describe(v) + " is too large; the bound is left out");
                return absent;
            }
            if (v.isTextual()) {
                try {
                    double d = Double.parseDouble(v.asText());
                    if (Double.isFinite(d)) {
                        return d;
                    }
                } catch (NumberFormatException ex) {
                    // reported below
                }
            }
            issue(Json.path(path, field), Json.describe(v) + " is not a number; the bound is left out");
            return absent;
        }

        private List<Pending> matrix(JsonNode e, String path, String sjName, JsonNode m, String mp) {
            ScaleDraft draft = scaleDraft(e, path, "columns", false);
            if (draft == null) {
                return List.of();
            }
            Scale scale = draft.scale(m, mp);
            if (scale == null) {
                return List.of();
            }
            JsonNode title = e.get("title");
            if (title != null && !e.path("titleLocation").asText("").equals("hidden")) {
                issue(Json.path(path, "title"), "the matrix title is not kept: each row becomes a rating question with the row text");
            }
            if (e.has("description")) {
                issue(Json.path(path, "description"), "the matrix description is not kept");
            }
            boolean eachRequired = e.path("eachRowRequired").asBoolean(false) || e.path("isAllRowRequired").asBoolean(false);
            if (e.path("isRequired").asBoolean(false) && !eachRequired) {
                issue(Json.path(path, "isRequired"), "'at least one row' cannot be expressed; the rows are not required");
            }
            JsonNode rows = e.get("rows");
            String rp = Json.path(path, "rows");
            if (rows == null || !rows.isArray() || rows.isEmpty()) {
                issue(rp, "a matrix needs rows; the element is left out");
                return List.of();
            }
            List<Pending> out = new ArrayList<>();
            Map<String, String> rowIds = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                String ip = Json.path(rp, i);
                JsonNode value = itemValue(row);
                if (value == null || value.isNull() || value.isContainerNode()) {
                    issue(ip, "a row needs a value; left out");
                    continue;
                }
                String rowName = Json.valueText(value);
                String qid = questionId(rowName, ip);
                LocalizedText t = itemText(row, ip);
                if (t.isEmpty()) {
                    t = uniform(rowName);
                }
                JsonNode rm = row.path(SurveyJsExporter.METADATA_PROPERTY);
                String rmp = Json.path(ip, SurveyJsExporter.METADATA_PROPERTY);
                Optional<String> dimension = rm.isObject() ? meta.string(rm, "dimension", rmp) : Optional.empty();
                List<String> tags = rm.isObject() ? meta.tags(rm, rmp) : List.of();
                Pending p = new Pending(ip);
                p.question = new RatingQuestion(qid, t, LocalizedText.empty(), eachRequired, Optional.empty(), tags, scale, dimension);
                String own = ownVisibleIf(e);
                if (own != null) {
                    p.visibleIf.add(own);
                    p.visibleIfPaths.add(Json.path(path, "visibleIf"));
                }
                out.add(p);
                rowIds.put(rowName, qid);
            }
            names.matrix(sjName, rowIds);
            return out;
        }

        // ------------------------------------------------------------ conditions

        private void conditions(Pending p, SurveyJsNames sjNames) {
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < p.visibleIf.size(); i++) {
                String path = p.visibleIfPaths.get(i);
                try {
                    Condition part = Expressions.read(p.visibleIf.get(i), sjNames::target);
                    withShowIf(p.question, part); // the model's own rules, e.g. no condition on the question itself
                    parts.add(part);
                } catch (Expressions.UnsupportedExpression | IllegalArgumentException ex) {
                    issue(path, ex.getMessage() + "; the condition is left out and '" + p.question.id()
                            + "' is shown unconditionally");
                }
            }
            if (parts.isEmpty()) {
                return;
            }
            Condition c = parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
            try {
                p.question = withShowIf(p.question, c);
            } catch (IllegalArgumentException ex) {
                issue(p.visibleIfPaths.get(0), ex.getMessage() + "; the conditions are left out and '" + p.question.id()
                        + "' is shown unconditionally");
            }
        }

        private Question withShowIf(Question q, Condition c) {
            Optional<Condition> s = Optional.of(c);
            if (q instanceof RatingQuestion r) {
                return new RatingQuestion(r.id(), r.text(), r.help(), r.required(), s, r.tags(), r.scale(), r.dimension());
            }
            if (q instanceof NpsQuestion n) {
                return new NpsQuestion(n.id(), n.text(), n.help(), n.required(), s, n.tags(), n.scale());
            }
            if (q instanceof ChoiceQuestion ch) {
                return new ChoiceQuestion(ch.id(), ch.text(), ch.help(), ch.required(), s, ch.tags(), ch.multiple(), ch.options());
            }
            if (q instanceof NumberQuestion n) {
                return new NumberQuestion(n.id(), n.text(), n.help(), n.required(), s, n.tags(), n.min(), n.max(), n.integer());
            }
            TextQuestion t = (TextQuestion) q;
            return new TextQuestion(t.id(), t.text(), t.help(), t.required(), s, t.tags(), t.maxLength());
        }
    }

}

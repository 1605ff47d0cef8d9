package org.civicsurvey.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A questionnaire: identity and version, languages, title, the method it follows, its dimension
 * hierarchy, named scales and sections of questions.
 *
 * <p>An instrument that exists is consistent; the constructor reports every violation at once
 * ({@link InvalidModelException}), each with a path in JSON names:
 * <ul>
 * <li>{@code id} is an {@linkplain Ids id}; {@code version} matches {@value #VERSION_REGEX};</li>
 * <li>{@code languages} lists at least one BCP-47 tag, the first being the default language; every
 * text a person reads (title, question texts, option and scale labels, dimension names) has every
 * listed language, and so does every optional text that is given;</li>
 * <li>ids of sections, of questions (across sections), of dimensions and of named scales are unique;</li>
 * <li>a dimension's parent exists and is of a broader level;</li>
 * <li>a rating item's dimension exists; a scale carrying an id is the named scale with that id;</li>
 * <li>a show-if condition reads only questions that come earlier; option conditions name a choice
 * question and its options; numeric conditions name a rating, NPS or number question.</li>
 * </ul>
 *
 * @param id the id
 * @param version the version, such as {@code 2017} or {@code 1.0.0}
 * @param languages the languages, default first
 * @param title the title
 * @param description a description, possibly empty
 * @param method the method and source followed, or empty for a custom instrument
 * @param dimensions the dimension hierarchy, possibly empty
 * @param scales named scales that questions share, possibly empty
 * @param sections the sections, at least one
 */
public record Instrument(String id, String version, List<String> languages, LocalizedText title,
        LocalizedText description, Optional<MethodReference> method, List<Dimension> dimensions,
        List<Scale> scales, List<Section> sections) {

    /** The pattern of a version string. */
    public static final String VERSION_REGEX = "[A-Za-z0-9][A-Za-z0-9_.-]{0,31}";
    /** The most dimensions an instrument may declare. */
    public static final int MAX_DIMENSIONS = 1_000;

    private static final Pattern VERSION = Pattern.compile(VERSION_REGEX);

    /**
     * Validates the instrument, reporting every violation.
     *
     * @param id the id
     * @param version the version
     * @param languages the languages
     * @param title the title
     * @param description the description
     * @param method the method
     * @param dimensions the dimensions
     * @param scales the named scales
     * @param sections the sections
     */
    public Instrument {
        languages = Violations.copy("languages", languages);
        dimensions = Violations.copy("dimensions", dimensions);
        scales = Violations.copy("scales", scales);
        sections = Violations.copy("sections", sections);
        Violations v = new Violations();
        v.id("id", id);
        if (version == null) {
            v.add("version", "is missing");
        } else if (version.length() > 32 || !VERSION.matcher(version).matches()) {
            v.add("version", Ids.quote(version) + " is not a valid version (" + VERSION_REGEX + ")");
        }
        if (title == null) {
            v.add("title", "is missing");
        } else if (title.isEmpty()) {
            v.add("title", "instrument title is empty");
        }
        if (description == null) {
            v.add("description", "is missing (use LocalizedText.empty())");
        }
        if (method == null) {
            v.add("method", "is missing (use Optional.empty())");
        }
        checkLanguages(v, languages);
        if (sections.isEmpty()) {
            v.add("sections", "an instrument needs at least one section");
        }
        if (dimensions.size() > MAX_DIMENSIONS) {
            v.add("dimensions", dimensions.size() + " dimensions, more than the maximum " + MAX_DIMENSIONS);
        }
        if (v.isEmpty()) {
            new Consistency(languages, dimensions, scales, sections, v).run(title, description, method);
        }
        v.throwIfAny();
    }

    /**
     * Starts building an instrument.
     *
     * @param id the id
     * @param version the version
     * @return a builder
     */
    public static Builder builder(String id, String version) {
        return new Builder(id, version);
    }

    /**
     * The default language: the first of {@link #languages()}.
     *
     * @return a canonical BCP-47 tag
     */
    public String defaultLanguage() {
        return languages.get(0);
    }

    /**
     * Resolves a text for a reader, falling back to this instrument's default language.
     *
     * @param text the text
     * @param tag the reader's BCP-47 tag
     * @return the text by {@link LocalizedText}'s fallback rule
     */
    public String localize(LocalizedText text, String tag) {
        return text.resolve(tag, defaultLanguage());
    }

    /**
     * All questions, in order.
     *
     * @return an unmodifiable list
     */
    public List<Question> questions() {
        List<Question> out = new ArrayList<>();
        for (Section s : sections) {
            out.addAll(s.questions());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Finds a question.
     *
     * @param questionId the id
     * @return the question, or empty
     */
    public Optional<Question> question(String questionId) {
        for (Section s : sections) {
            for (Question q : s.questions()) {
                if (q.id().equals(questionId)) {
                    return Optional.of(q);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The answer scale of a question (a rating or NPS question), in one call.
     *
     * @param questionId the question's id
     * @return its scale
     * @throws IllegalArgumentException naming the question when the instrument has no such
     *     question or the question has no answer scale
     */
    public Scale scaleOf(String questionId) {
        Question q = question(questionId).orElseThrow(() -> new IllegalArgumentException("instrument " + id + " "
            + version + " has no question " + questionId));
        return q.answerScale().orElseThrow(() -> new IllegalArgumentException("question " + questionId + " of instrument "
            + id + " is a " + q.kind() + " question and has no answer scale"));
    }

    /**
     * The rating questions, in order.
     *
     * @return an unmodifiable list
     */
    public List<RatingQuestion> ratingItems() {
        List<RatingQuestion> out = new ArrayList<>();
        for (Section s : sections) {
            for (Question q : s.questions()) {
                if (q instanceof RatingQuestion r) {
                    out.add(r);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The questions carrying a tag.
     *
     * @param tag the tag
     * @return the questions, in order
     */
    public List<Question> questionsTagged(String tag) {
        List<Question> out = new ArrayList<>();
        for (Question q : questions()) {
            if (q.tags().contains(tag)) {
                out.add(q);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Finds a dimension.
     *
     * @param dimensionId the id
     * @return the dimension, or empty
     */
    public Optional<Dimension> dimension(String dimensionId) {
        for (Dimension d : dimensions) {
            if (d.id().equals(dimensionId)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The dimensions of a level, in declaration order.
     *
     * @param level the level
     * @return the dimensions
     */
    public List<Dimension> dimensions(DimensionLevel level) {
        List<Dimension> out = new ArrayList<>();
        for (Dimension d : dimensions) {
            if (d.level() == level) {
                out.add(d);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The root dimensions (those without parent), such as SIPAS's five elements.
     *
     * @return the roots, in declaration order
     */
    public List<Dimension> rootDimensions() {
        List<Dimension> out = new ArrayList<>();
        for (Dimension d : dimensions) {
            if (d.parent().isEmpty()) {
                out.add(d);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The direct children of a dimension, such as the elements of an aspect or the criteria of an element.
     *
     * @param dimensionId the parent's id
     * @return the children, in declaration order
     * @throws IllegalArgumentException when the dimension does not exist
     */
    public List<Dimension> childrenOf(String dimensionId) {
        requireDimension(dimensionId);
        List<Dimension> out = new ArrayList<>();
        for (Dimension d : dimensions) {
            if (d.parent().isPresent() && d.parent().get().equals(dimensionId)) {
                out.add(d);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The path from the root to a dimension, e.g. aspect, element, criterion.
     *
     * @param dimensionId the id
     * @return the dimensions from root to {@code dimensionId}
     * @throws IllegalArgumentException when the dimension does not exist
     */
    public List<Dimension> dimensionPath(String dimensionId) {
        List<Dimension> path = new ArrayList<>();
        Dimension d = requireDimension(dimensionId);
        path.add(d);
        while (d.parent().isPresent()) {
            d = requireDimension(d.parent().get());
            path.add(0, d);
        }
        return Collections.unmodifiableList(path);
    }

    /**
     * The rating items measuring a dimension or any dimension below it, in question order.
     *
     * @param dimensionId the id
     * @return the items
     * @throws IllegalArgumentException when the dimension does not exist
     */
    public List<RatingQuestion> itemsOf(String dimensionId) {
        requireDimension(dimensionId);
        List<RatingQuestion> out = new ArrayList<>();
        for (RatingQuestion r : ratingItems()) {
            if (r.dimension().isPresent() && isWithin(r.dimension().get(), dimensionId)) {
                out.add(r);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Finds a named scale.
     *
     * @param scaleId the id
     * @return the scale, or empty
     */
    public Optional<Scale> scale(String scaleId) {
        for (Scale s : scales) {
            if (s.id().isPresent() && s.id().get().equals(scaleId)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private boolean isWithin(String dimensionId, String ancestorId) {
        String current = dimensionId;
        for (int guard = 0; guard <= dimensions.size(); guard++) {
            if (current.equals(ancestorId)) {
                return true;
            }
            Optional<Dimension> d = dimension(current);
            if (d.isEmpty() || d.get().parent().isEmpty()) {
                return false;
            }
            current = d.get().parent().get();
        }
        return false;
    }

    private Dimension requireDimension(String dimensionId) {
        return dimension(dimensionId).orElseThrow(() -> new IllegalArgumentException(
                "instrument " + id + " has no dimension " + Ids.quote(dimensionId)));
    }

    private static void checkLanguages(Violations v, List<String> languages) {
        if (languages.isEmpty()) {
            v.add("languages", "an instrument needs at least one language");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < languages.size(); i++) {
            String tag = languages.get(i);
            String canonical = LocalizedText.canonicalTag(tag);
            if (canonical == null) {
                v.add("languages[" + i + "]", Ids.quote(tag) + " is not a well-formed BCP-47 language tag");
            } else if (!canonical.equals(tag)) {
                v.add("languages[" + i + "]", "write the tag " + Ids.quote(tag) + " in canonical form '" + canonical + "'");
            } else if (!seen.add(tag)) {
                v.add("languages[" + i + "]", "language " + tag + " is listed twice");
            }
        }
    }

    /** The cross-reference checks, run once the parts are individually valid. */
    private static final class Consistency {
        private final List<String> languages;
        private final List<Dimension> dimensions;
        private final List<Scale> scales;
        private final List<Section> sections;
        private final Violations v;

        Consistency(List<String> languages, List<Dimension> dimensions, List<Scale> scales, List<Section> sections, Violations v) {
            this.languages = languages;
            this.dimensions = dimensions;
            this.scales = scales;
            this.sections = sections;
            this.v = v;
        }

        void run(LocalizedText title, LocalizedText description, Optional<MethodReference> method) {
            covers("title", title);
            covers("description", description);
            method.ifPresent(m -> covers("method.notes", m.notes()));
            Map<String, Dimension> dims = dimensions();
            Map<String, Scale> named = scales();
            Set<String> sectionIds = new HashSet<>();
            Map<String, Question> earlier = new HashMap<>();
            Set<String> all = new HashSet<>();
            for (Section s : sections) {
                for (Question q : s.questions()) {
                    all.add(q.id());
                }
            }
            for (int i = 0; i < sections.size(); i++) {
                Section s = sections.get(i);
                String sp = "sections[" + i + "]";
                if (!sectionIds.add(s.id())) {
                    v.add(sp + ".id", "duplicate section id " + Ids.quote(s.id()));
                }
                covers(sp + ".title", s.title());
                covers(sp + ".description", s.description());
                for (int j = 0; j < s.questions().size(); j++) {
                    Question q = s.questions().get(j);
                    String qp = sp + ".questions[" + j + "]";
                    if (earlier.containsKey(q.id())) {
                        v.add(qp + ".id", "duplicate question id " + Ids.quote(q.id()));
                    }
                    question(qp, q, dims, named, earlier, all);
                    earlier.putIfAbsent(q.id(), q);
                }
            }
        }

        private Map<String, Dimension> dimensions() {
            Map<String, Dimension> byId = new HashMap<>();
            for (int i = 0; i < dimensions.size(); i++) {
                Dimension d = dimensions.get(i);
                if (byId.putIfAbsent(d.id(), d) != null) {
                    v.add("dimensions[" + i + "].id", "duplicate dimension id " + Ids.quote(d.id()));
                }
                covers("dimensions[" + i + "].name", d.name());
            }
            for (int i = 0; i < dimensions.size(); i++) {
                Dimension d = dimensions.get(i);
                if (d.parent().isEmpty()) {
                    continue;
                }
                Dimension parent = byId.get(d.parent().get());
                if (parent == null) {
                    v.add("dimensions[" + i + "].parent", "parent " + Ids.quote(d.parent().get()) + " of dimension "
                            + Ids.quote(d.id()) + " is not a dimension of this instrument");
                } else if (parent.level().ordinal() >= d.level().ordinal()) {
                    v.add("dimensions[" + i + "].parent", "the parent of " + d.level().jsonName() + " " + Ids.quote(d.id())
                            + " is " + parent.level().jsonName() + " " + Ids.quote(parent.id()) + "; a parent must be of a broader level");
                }
            }
            return byId;
        }

        private Map<String, Scale> scales() {
            Map<String, Scale> byId = new HashMap<>();
            for (int i = 0; i < scales.size(); i++) {
                Scale s = scales.get(i);
                if (s.id().isEmpty()) {
                    v.add("scales[" + i + "].id", "a named scale needs an id");
                } else if (byId.putIfAbsent(s.id().get(), s) != null) {
                    v.add("scales[" + i + "].id", "duplicate scale id " + Ids.quote(s.id().get()));
                }
                scaleTexts("scales[" + i + "]", s);
            }
            return byId;
        }

        private void question(String qp, Question q, Map<String, Dimension> dims, Map<String, Scale> named,
                Map<String, Question> earlier, Set<String> all) {
            covers(qp + ".text", q.text());
            covers(qp + ".help", q.help());
            if (q instanceof RatingQuestion r && r.dimension().isPresent() && !dims.containsKey(r.dimension().get())) {
                v.add(qp + ".dimension", "dimension " + Ids.quote(r.dimension().get()) + " of question " + Ids.quote(q.id())
                        + " is not a dimension of this instrument");
            }
            if (q instanceof ChoiceQuestion c) {
                for (int k = 0; k < c.options().size(); k++) {
                    covers(qp + ".options[" + k + "].label", c.options().get(k).label());
                }
            }
            q.answerScale().ifPresent(s -> {
                if (s.id().isPresent()) {
                    Scale declared = named.get(s.id().get());
                    if (declared == null) {
                        v.add(qp + ".scale", "scale " + Ids.quote(s.id().get()) + " is not one of the instrument's scales");
                    } else if (!declared.equals(s)) {
                        v.add(qp + ".scale", "scale " + Ids.quote(s.id().get()) + " differs from the named scale with that id");
                    }
                } else {
                    scaleTexts(qp + ".scale", s);
                }
            });
            q.showIf().ifPresent(c -> condition(qp + ".showIf", c, earlier, all));
        }

        private void condition(String path, Condition c, Map<String, Question> earlier, Set<String> all) {
            if (c instanceof Condition.All a) {
                for (int i = 0; i < a.conditions().size(); i++) {
                    condition(path + ".all[" + i + "]", a.conditions().get(i), earlier, all);
                }
                return;
            }
            if (c instanceof Condition.Any a) {
                for (int i = 0; i < a.conditions().size(); i++) {
                    condition(path + ".any[" + i + "]", a.conditions().get(i), earlier, all);
                }
                return;
            }
            String target = c.questionIds().iterator().next();
            Question q = earlier.get(target);
            if (q == null) {
                v.add(path + ".question", all.contains(target)
                        ? "condition refers to question " + Ids.quote(target) + ", which does not come earlier"
                        : "condition refers to question " + Ids.quote(target) + ", which is not in this instrument");
                return;
            }
            if (c instanceof Condition.Chosen ch) {
                if (!(q instanceof ChoiceQuestion choice)) {
                    v.add(path + ".question", "an option condition needs a choice question, but " + Ids.quote(target)
                            + " is a " + q.kind().jsonName() + " question");
                    return;
                }
                for (int i = 0; i < ch.codes().size(); i++) {
                    if (choice.option(ch.codes().get(i)).isEmpty()) {
                        v.add(path + ".in[" + i + "]", "question " + Ids.quote(target) + " has no option "
                                + Ids.quote(ch.codes().get(i)));
                    }
                }
            } else if (c instanceof Condition.Between && q.kind() != QuestionKind.RATING && q.kind() != QuestionKind.NPS
                    && q.kind() != QuestionKind.NUMBER) {
                v.add(path + ".question", "a numeric condition needs a rating, NPS or number question, but "
                        + Ids.quote(target) + " is a " + q.kind().jsonName() + " question");
            }
        }

        private void scaleTexts(String path, Scale s) {
            for (int i = 0; i < s.labels().size(); i++) {
                covers(path + ".labels[" + i + "].label", s.labels().get(i).label());
            }
            for (int i = 0; i < s.specialCodes().size(); i++) {
                covers(path + ".specialCodes[" + i + "].label", s.specialCodes().get(i).label());
            }
        }

        private void covers(String path, LocalizedText text) {
            if (text.isEmpty()) {
                return;
            }
            List<String> missing = new ArrayList<>();
            for (String tag : languages) {
                if (!text.values().containsKey(tag)) {
                    missing.add(tag);
                }
            }
            if (!missing.isEmpty()) {
                v.add(path, "text lacks the language" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + " listed in the instrument's languages");
            }
        }
    }

    /** Assembles an instrument; {@link #build()} validates it. */
    public static final class Builder {
        private final String id;
        private final String version;
        private final List<String> languages = new ArrayList<>();
        private LocalizedText title = LocalizedText.empty();
        private LocalizedText description = LocalizedText.empty();
        private Optional<MethodReference> method = Optional.empty();
        private final List<Dimension> dimensions = new ArrayList<>();
        private final List<Scale> scales = new ArrayList<>();
        private final List<Section> sections = new ArrayList<>();

        private Builder(String id, String version) {
            this.id = id;
            this.version = version;
        }

        /**
         * Sets the languages, default first.
         *
         * @param tags canonical BCP-47 tags
         * @return this builder
         */
        public Builder languages(String... tags) {
            languages.clear();
            languages.addAll(List.of(tags));
            return this;
        }

        /**
         * Sets the title.
         *
         * @param value the title
         * @return this builder
         */
        public Builder title(LocalizedText value) {
            this.title = value;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param value the description
         * @return this builder
         */
        public Builder description(LocalizedText value) {
            this.description = value;
            return this;
        }

        /**
         * Sets the method reference.
         *
         * @param value the reference
         * @return this builder
         */
        public Builder method(MethodReference value) {
            this.method = Optional.of(value);
            return this;
        }

        /**
         * Adds a dimension.
         *
         * @param value the dimension
         * @return this builder
         */
        public Builder dimension(Dimension value) {
            dimensions.add(value);
            return this;
        }

        /**
         * Adds a named scale.
         *
         * @param value the scale, with an id
         * @return this builder
         */
        public Builder scale(Scale value) {
            scales.add(value);
            return this;
        }

        /**
         * Adds a section.
         *
         * @param value the section
         * @return this builder
         */
        public Builder section(Section value) {
            sections.add(value);
            return this;
        }

        /**
         * Builds and validates the instrument.
         *
         * @return the instrument
         * @throws InvalidModelException listing every violation
         */
        public Instrument build() {
            return new Instrument(id, version, languages, title, description, method, dimensions, scales, sections);
        }
    }
}

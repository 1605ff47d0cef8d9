package org.civicsurvey.io.surveyjs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.TextQuestion;

/**
 * Exports an instrument to a SurveyJS survey definition (the JSON that {@code new Model(json)}
 * loads in SurveyJS's {@code survey-core}).
 *
 * <p>Mapping, in short (the full table is in {@code docs/surveyjs.md}):
 * <ul>
 * <li>instrument title and description &rarr; survey {@code title}, {@code description}; its
 * default language &rarr; survey {@code locale}, so SurveyJS opens in that language;</li>
 * <li>sections &rarr; pages (default) or panels on one page ({@link SectionLayout});</li>
 * <li>rating item &rarr; {@code rating} with {@code rateValues} carrying each point's label, or
 * {@code rateMin}/{@code rateMax} with {@code minRateDescription}/{@code maxRateDescription} when
 * only the ends are labelled; don't know, not applicable and refused &rarr; extra rate values
 * {@code "dontknow"}, {@code "none"}, {@code "refused"} (SurveyJS's own values for these items),
 * after the scale points; with {@link RatingLayout#MATRIX}, runs of rating items that share a scale
 * become one {@code matrix} whose rows are the items;</li>
 * <li>NPS &rarr; {@code rating} 0..10; single choice &rarr; {@code radiogroup} ({@code dropdown}
 * above {@value #DROPDOWN_ABOVE} options), multiple choice &rarr; {@code checkbox}; the "other"
 * option &rarr; {@code showOtherItem} with {@code otherText}; number &rarr; {@code text} with
 * {@code inputType: "number"}, {@code min}, {@code max} and {@code step: 1} for integers; text
 * &rarr; {@code text} (up to {@value #TEXT_UP_TO} characters) or {@code comment}, with
 * {@code maxLength};</li>
 * <li>required &rarr; {@code isRequired}; help &rarr; {@code description}; show-if &rarr;
 * {@code visibleIf};</li>
 * <li>every localized string &rarr; a SurveyJS localizable string whose {@code "default"} key is
 * SurveyJS's default locale ({@code en} unless {@link #withDefaultLocale(String)} says otherwise);</li>
 * <li>what SurveyJS has no place for (identity, version, languages, method reference, dimension
 * hierarchy and weights, named scales, positive thresholds, numeric special codes, option scores,
 * tags) &rarr; the custom property {@code "civicsurvey"} on the survey, questions and items, which
 * {@link SurveyJsImporter} reads back so that export then import gives an equal instrument.
 * Register the property in SurveyJS ({@code Serializer.addProperty}) to load it without warnings,
 * or export {@linkplain #withMetadata(boolean) without metadata}.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SurveyJsExporter {
    /** The name of the custom property carrying CivicSurvey metadata. */
    public static final String METADATA_PROPERTY = "civicsurvey";
    /** The metadata format version written in the survey's metadata. */
    public static final int METADATA_FORMAT = 1;
    /** Single-choice questions with more options than this become dropdowns. */
    public static final int DROPDOWN_ABOVE = 12;
    /** Text questions up to this length become single-line {@code text}, longer ones {@code comment}. */
    public static final int TEXT_UP_TO = 200;

    /** Where sections go. */
    public enum SectionLayout {
        /** One page per section (the default). */
        PAGES,
        /** One page holding one panel per section. */
        PANELS
    }

    /** How rating items are rendered. */
    public enum RatingLayout {
        /** One {@code rating} question per item (the default). */
        RATING,
        /**
         * Runs of at least two consecutive rating items in a section with the same scale, the same
         * required flag, no help text and no show-if condition become one {@code matrix} (rows =
         * items, columns = scale points and special answers); other items stay {@code rating}.
         */
        MATRIX
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SectionLayout sectionLayout;
    private final RatingLayout ratingLayout;
    private final String defaultLocale;
    private final boolean metadata;

    private SurveyJsExporter(SectionLayout sectionLayout, RatingLayout ratingLayout, String defaultLocale, boolean metadata) {
        this.sectionLayout = sectionLayout;
        this.ratingLayout = ratingLayout;
        this.defaultLocale = defaultLocale;
        this.metadata = metadata;
    }

    /**
     * An exporter with pages, one {@code rating} per item, {@code en} as SurveyJS's default locale
     * and metadata.
     *
     * @return the default exporter
     */
    public static SurveyJsExporter withDefaults() {
        return new SurveyJsExporter(SectionLayout.PAGES, RatingLayout.RATING, "en", true);
    }

    /**
     * Chooses pages or panels for sections.
     *
     * @param layout the layout, not null
     * @return a changed exporter
     */
    public SurveyJsExporter withSectionLayout(SectionLayout layout) {
        return new SurveyJsExporter(Objects.requireNonNull(layout, "layout"), ratingLayout, defaultLocale, metadata);
    }

    /**
     * Chooses {@code rating} questions or {@code matrix} blocks for rating items.
     *
     * @param layout the layout, not null
     * @return a changed exporter
     */
    public SurveyJsExporter withRatingLayout(RatingLayout layout) {
        return new SurveyJsExporter(sectionLayout, Objects.requireNonNull(layout, "layout"), defaultLocale, metadata);
    }

    /**
     * Sets the language written under SurveyJS's {@code "default"} key. It must equal the portal's
     * {@code surveyLocalization.defaultLocale} (SurveyJS's own default is {@code en}).
     *
     * @param languageTag a BCP-47 tag
     * @return a changed exporter
     * @throws IllegalArgumentException when the tag is not well formed
     */
    public SurveyJsExporter withDefaultLocale(String languageTag) {
        String tag = LocalizedText.canonicalTag(languageTag);
        if (tag == null) {
            throw new IllegalArgumentException("default locale '" + languageTag + "' is not a well-formed BCP-47 language tag");
        }
        return new SurveyJsExporter(sectionLayout, ratingLayout, tag, metadata);
    }

    /**
     * Writes the {@code "civicsurvey"} metadata (default) or leaves it out. Without it the survey
     * loads in a stock SurveyJS without warnings, but an import of it loses what only the metadata
     * carries (see the class description).
     *
     * @param include whether to write metadata
     * @return a changed exporter
     */
    public SurveyJsExporter withMetadata(boolean include) {
        return new SurveyJsExporter(sectionLayout, ratingLayout, defaultLocale, include);
    }

    /**
     * Exports an instrument as SurveyJS JSON text (indented).
     *
     * @param instrument the instrument, not null
     * @return the survey JSON
     */
    public String toJson(Instrument instrument) {
        try {
            return Json.MAPPER.writeValueAsString(toTree(instrument));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a JSON tree failed", e);
        }
    }

    /**
     * Writes an instrument as SurveyJS JSON (UTF-8) to a stream, which is left open.
     *
     * @param instrument the instrument, not null
     * @param out the stream, not null
     * @throws UncheckedIOException when writing fails
     */
    public void write(Instrument instrument, OutputStream out) {
        Objects.requireNonNull(out, "out");
        try {
            Json.MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(out, toTree(instrument));
        } catch (IOException e) {
            throw new UncheckedIOException("writing SurveyJS JSON for instrument " + instrument.id() + " failed", e);
        }
    }

    ObjectNode toTree(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        return new Writer(instrument).survey();
    }

    /** One export run. */
    private final class Writer {
        private final Instrument instrument;
        private final String fallback;
        /** Question id to the matrix holding it, for {@code visibleIf} variables. */
        private final Map<String, String> matrixOf = new HashMap<>();
        private final Set<String> names = new HashSet<>();
        /** Per section, its questions grouped: a group of two or more is a matrix. */
        private final List<List<List<Question>>> plan = new ArrayList<>();

        Writer(Instrument instrument) {
            this.instrument = instrument;
            this.fallback = instrument.defaultLanguage();
            for (Question q : instrument.questions()) {
                names.add(q.id());
            }
            for (Section section : instrument.sections()) {
                List<List<Question>> groups = new ArrayList<>();
                List<Question> qs = section.questions();
                int i = 0;
                while (i < qs.size()) {
                    int end = ratingLayout == RatingLayout.MATRIX ? blockEnd(qs, i) : i + 1;
                    List<Question> group = List.copyOf(qs.subList(i, end));
                    if (group.size() >= 2) {
                        String name = uniqueName(group.get(0).id() + "-matrix");
                        for (Question q : group) {
                            matrixOf.put(q.id(), name);
                        }
                    }
                    groups.add(group);
                    i = end;
                }
                plan.add(groups);
            }
        }

        ObjectNode survey() {
            ObjectNode s = F.objectNode();
            put(s, "title", instrument.title());
            put(s, "description", instrument.description());
            if (!instrument.defaultLanguage().equals(defaultLocale)) {
                s.put("locale", instrument.defaultLanguage());
            }
            if (metadata) {
                s.set(METADATA_PROPERTY, Metadata.survey(instrument, defaultLocale));
            }
            List<List<ObjectNode>> blocks = new ArrayList<>();
            for (int i = 0; i < instrument.sections().size(); i++) {
                blocks.add(elements(i));
            }
            ArrayNode pages = s.putArray("pages");
            if (sectionLayout == SectionLayout.PAGES) {
                for (int i = 0; i < blocks.size(); i++) {
                    Section section = instrument.sections().get(i);
                    pages.add(container(F.objectNode(), section, blocks.get(i)));
                }
            } else {
                ObjectNode page = pages.addObject();
                page.put("name", uniqueName(instrument.id() + "-page"));
                ArrayNode elements = page.putArray("elements");
                for (int i = 0; i < blocks.size(); i++) {
                    Section section = instrument.sections().get(i);
                    ObjectNode panel = F.objectNode();
                    panel.put("type", "panel");
                    elements.add(container(panel, section, blocks.get(i)));
                }
            }
            return s;
        }

        private ObjectNode container(ObjectNode node, Section section, List<ObjectNode> elements) {
            node.put("name", section.id());
            put(node, "title", section.title());
            put(node, "description", section.description());
            ArrayNode array = node.putArray("elements");
            elements.forEach(array::add);
            return node;
        }

        private String uniqueName(String base) {
            String name = base;
            for (int i = 2; names.contains(name); i++) {
                name = base + "-" + i;
            }
            names.add(name);
            return name;
        }

        private List<ObjectNode> elements(int sectionIndex) {
            List<ObjectNode> out = new ArrayList<>();
            for (List<Question> group : plan.get(sectionIndex)) {
                out.add(group.size() >= 2 ? matrix(group) : question(group.get(0)));
            }
            return out;
        }

        private int blockEnd(List<Question> qs, int start) {
            if (!blockable(qs.get(start))) {
                return start + 1;
            }
            RatingQuestion first = (RatingQuestion) qs.get(start);
            int end = start + 1;
            while (end < qs.size() && blockable(qs.get(end)) && ((RatingQuestion) qs.get(end)).scale().equals(first.scale())
                    && qs.get(end).required() == first.required()) {
                end++;
            }
            return end;
        }

        private boolean blockable(Question q) {
            return q instanceof RatingQuestion && q.showIf().isEmpty() && q.help().isEmpty();
        }

        // ------------------------------------------------------------ questions

        private ObjectNode question(Question q) {
            ObjectNode node = F.objectNode();
            ObjectNode meta = F.objectNode();
            if (q instanceof RatingQuestion r) {
                node.put("type", "rating");
                common(node, q);
                rating(node, r.scale());
                Metadata.rating(meta, r);
            } else if (q instanceof NpsQuestion n) {
                node.put("type", "rating");
                common(node, q);
                rating(node, n.scale());
                Metadata.nps(meta, n);
            } else if (q instanceof ChoiceQuestion c) {
                node.put("type", c.multiple() ? "checkbox" : c.options().size() > DROPDOWN_ABOVE ? "dropdown" : "radiogroup");
                common(node, q);
                choices(node, c, meta);
            } else if (q instanceof NumberQuestion n) {
                node.put("type", "text");
                common(node, q);
                node.put("inputType", "number");
                if (!Double.isInfinite(n.min())) {
                    node.put("min", Metadata.number(n.min()));
                }
                if (!Double.isInfinite(n.max())) {
                    node.put("max", Metadata.number(n.max()));
                }
                if (n.integer()) {
                    node.put("step", 1);
                    meta.put("integer", true);
                }
            } else {
                TextQuestion t = (TextQuestion) q;
                node.put("type", t.maxLength() <= TEXT_UP_TO ? "text" : "comment");
                common(node, q);
                node.put("maxLength", t.maxLength());
            }
            Metadata.tags(meta, q.tags());
            if (metadata && meta.size() > 0) {
                node.set(METADATA_PROPERTY, meta);
            }
            return node;
        }

        private void common(ObjectNode node, Question q) {
            node.put("name", q.id());
            put(node, "title", q.text());
            put(node, "description", q.help());
            if (q.required()) {
                node.put("isRequired", true);
            }
            q.showIf().ifPresent(c -> node.put("visibleIf", visibleIf(c)));
        }

        private String visibleIf(Condition c) {
            return Expressions.write(c, new Expressions.Names() {
                @Override
                public String variable(String questionId) {
                    String matrix = matrixOf.get(questionId);
                    return matrix == null ? questionId : matrix + "." + questionId;
                }

                @Override
                public boolean multiple(String questionId) {
                    return instrument.question(questionId).map(q -> q instanceof ChoiceQuestion c && c.multiple()).orElse(false);
                }

                @Override
                public String value(String questionId, String code) {
                    Question q = instrument.question(questionId).orElse(null);
                    if (q instanceof ChoiceQuestion c && c.option(code).map(ChoiceOption::other).orElse(false)) {
                        return SurveyJsValues.OTHER;
                    }
                    return code;
                }
            });
        }

        private void rating(ObjectNode node, Scale scale) {
            boolean endsOnly = true;
            for (ScalePoint p : scale.labels()) {
                endsOnly &= p.value() == scale.min() || p.value() == scale.max();
            }
            if (endsOnly && scale.specialCodes().isEmpty()) {
                node.put("rateMin", scale.min());
                node.put("rateMax", scale.max());
                scale.label(scale.min()).ifPresent(l -> put(node, "minRateDescription", l));
                scale.label(scale.max()).ifPresent(l -> put(node, "maxRateDescription", l));
            } else {
                node.set("rateValues", scaleItems(scale));
            }
        }

        private ArrayNode scaleItems(Scale scale) {
            ArrayNode items = F.arrayNode();
            for (int v = scale.min(); v <= scale.max(); v++) {
                var label = scale.label(v);
                if (label.isPresent()) {
                    ObjectNode item = items.addObject();
                    item.put("value", v);
                    put(item, "text", label.get());
                } else {
                    items.add(v);
                }
            }
            for (SpecialCode code : scale.specialCodes()) {
                ObjectNode item = items.addObject();
                item.put("value", SurveyJsValues.of(code.status()));
                put(item, "text", code.label());
            }
            return items;
        }

        private void choices(ObjectNode node, ChoiceQuestion c, ObjectNode meta) {
            ArrayNode choices = node.putArray("choices");
            for (int i = 0; i < c.options().size(); i++) {
                ChoiceOption o = c.options().get(i);
                if (o.other()) {
                    node.put("showOtherItem", true);
                    put(node, "otherText", o.label());
                    ObjectNode other = meta.putObject("other");
                    other.put("code", o.code());
                    other.put("index", i);
                    o.score().ifPresent(s -> other.put("score", Metadata.number(s)));
                    continue;
                }
                if (o.code().equals(SurveyJsValues.OTHER) && c.options().stream().anyMatch(ChoiceOption::other)) {
                    throw new IllegalArgumentException("question " + c.id() + " has an ordinary option coded '"
                            + SurveyJsValues.OTHER + "' besides its \"other\" option; SurveyJS reserves that value for the "
                            + "\"other\" item, so recode the option before exporting");
                }
                ObjectNode item = choices.addObject();
                item.put("value", o.code());
                put(item, "text", o.label());
                if (metadata && o.score().isPresent()) {
                    item.putObject(METADATA_PROPERTY).put("score", Metadata.number(o.score().getAsDouble()));
                }
            }
            if (choices.isEmpty()) {
                node.remove("choices");
            }
        }

        private ObjectNode matrix(List<Question> items) {
            RatingQuestion first = (RatingQuestion) items.get(0);
            String name = matrixOf.get(first.id());
            ObjectNode node = F.objectNode();
            node.put("type", "matrix");
            node.put("name", name);
            node.put("titleLocation", "hidden");
            if (first.required()) {
                node.put("isRequired", true);
                node.put("eachRowRequired", true);
            }
            node.set("columns", scaleItems(first.scale()));
            ArrayNode rows = node.putArray("rows");
            for (Question q : items) {
                RatingQuestion r = (RatingQuestion) q;
                ObjectNode row = rows.addObject();
                row.put("value", r.id());
                put(row, "text", r.text());
                ObjectNode rowMeta = F.objectNode();
                r.dimension().ifPresent(d -> rowMeta.put("dimension", d));
                Metadata.tags(rowMeta, r.tags());
                if (metadata && rowMeta.size() > 0) {
                    row.set(METADATA_PROPERTY, rowMeta);
                }
            }
            ObjectNode meta = F.objectNode();
            Metadata.scale(meta, first.scale());
            if (metadata && meta.size() > 0) {
                node.set(METADATA_PROPERTY, meta);
            }
            return node;
        }

        private void put(ObjectNode node, String field, LocalizedText text) {
            JsonNode value = Texts.write(text, defaultLocale, fallback);
            if (value != null) {
                node.set(field, value);
            }
        }
    }
}

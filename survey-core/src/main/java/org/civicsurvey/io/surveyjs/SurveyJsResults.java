package org.civicsurvey.io.surveyjs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;

/**
 * Reads a SurveyJS result ({@code survey.data}: an object keyed by question name, matrix answers
 * as an object of row to column) into the answers of a {@link Response}.
 *
 * <p>Values: a rating's number is the answer, its {@code "dontknow"}, {@code "none"} and
 * {@code "refused"} values are the special answers don't know, not applicable and refused; a choice
 * value is mapped to its option code, SurveyJS's {@code "other"} to the "other" option with the text
 * from {@code "<name>-Comment"} (or, when SurveyJS stored the typed text as the value itself, that
 * text); a checkbox list becomes a multiple choice; a number stays a number; a text stays a text.
 * Empty values ({@code null}, {@code ""}, {@code []}) are unanswered.
 *
 * <p>This reader checks the <em>shape</em> of the result: a name that is no question, or a value of a
 * type that cannot be an answer to its question (a list for a rating, an object for a text), fails
 * with {@link SurveyJsException} listing every such key. Whether the values are acceptable (inside
 * the scale, a known option, within the text length, not answering a hidden question, every
 * required question answered) is the business of response validation, which the caller runs on the
 * built response like on any other.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SurveyJsResults {
    private final Instrument instrument;
    private final SurveyJsNames names;

    SurveyJsResults(Instrument instrument, SurveyJsNames names) {
        this.instrument = instrument;
        this.names = names;
    }

    /**
     * A reader for results collected with the SurveyJS JSON that {@link SurveyJsExporter} wrote for
     * this instrument (in either rating layout).
     *
     * @param instrument the instrument, not null
     * @return the reader
     */
    public static SurveyJsResults forInstrument(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        return new SurveyJsResults(instrument, SurveyJsNames.of(instrument));
    }

    /**
     * The instrument whose results this reads.
     *
     * @return the instrument
     */
    public Instrument instrument() {
        return instrument;
    }

    /**
     * Reads a SurveyJS result into answers keyed by question id, in the order of the result.
     *
     * @param resultJson the result JSON object, not null
     * @return the answers
     * @throws SurveyJsException when the text is not a JSON object, or names or values cannot be answers
     */
    public Map<String, Answer> answers(String resultJson) {
        Objects.requireNonNull(resultJson, "resultJson");
        JsonNode root = Json.read("SurveyJS result", f -> f.createParser(resultJson));
        if (!root.isObject()) {
            throw new SurveyJsException("SurveyJS result", List.of(new SurveyJsIssue("", "a result must be a JSON object, not "
                    + Json.describe(root))));
        }
        return new Reading(root).run();
    }

    /**
     * Reads a SurveyJS result into a response: the builder carries what the portal knows (response
     * id, transaction, respondent attributes, weight, submission time); the answers are added to it
     * and the response is built. Validate the response against the instrument as any other.
     *
     * @param resultJson the result JSON object, not null
     * @param context a builder for this instrument's id and version, not null
     * @return the built response
     * @throws SurveyJsException when the result cannot be read (see {@link #answers(String)})
     * @throws IllegalArgumentException when the builder is for another instrument or version
     */
    public Response toResponse(String resultJson, Response.Builder context) {
        Objects.requireNonNull(context, "context");
        Map<String, Answer> answers = answers(resultJson);
        answers.forEach(context::answer);
        Response r = context.build();
        if (!r.instrumentId().equals(instrument.id()) || !r.instrumentVersion().equals(instrument.version())) {
            throw new IllegalArgumentException("the response builder is for instrument " + r.instrumentId() + " version "
                    + r.instrumentVersion() + ", but the result is read for " + instrument.id() + " version " + instrument.version());
        }
        return r;
    }

    /** One result being read. */
    private final class Reading {
        private final JsonNode root;
        private final Map<String, Answer> out = new LinkedHashMap<>();
        private final List<SurveyJsIssue> issues = new ArrayList<>();

        Reading(JsonNode root) {
            this.root = root;
        }

        Map<String, Answer> run() {
            Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode value = e.getValue();
                String path = Json.path("", key);
                if (key.endsWith(SurveyJsValues.COMMENT_SUFFIX)) {
                    String base = key.substring(0, key.length() - SurveyJsValues.COMMENT_SUFFIX.length());
                    Optional<SurveyJsNames.Entry> q = names.question(base);
                    if (q.isPresent() && q.get().otherCode() != null) {
                        continue; // read with its question
                    }
                    if (q.isPresent() && !isEmpty(value)) {
                        issues.add(new SurveyJsIssue(path, "a comment on '" + Json.shorten(base) + "', which has no \"other\" "
                                + "option; the instrument has no place for it (SurveyJS's showCommentArea is not imported)"));
                        continue;
                    }
                    if (q.isPresent()) {
                        continue;
                    }
                }
                Optional<SurveyJsNames.Entry> entry = names.question(key);
                if (entry.isPresent()) {
                    Question q = instrument.question(entry.get().questionId()).orElseThrow();
                    answer(q, entry.get(), key, value, path);
                    continue;
                }
                Optional<Map<String, String>> matrix = names.matrix(key);
                if (value.isObject()) {
                    matrix(matrix.orElse(null), value, path);
                    continue;
                }
                issues.add(new SurveyJsIssue(path, "'" + Json.shorten(key) + "' is not a question of instrument "
                        + instrument.id()));
            }
            if (!issues.isEmpty()) {
                throw new SurveyJsException("SurveyJS result for instrument " + instrument.id(), issues);
            }
            return out;
        }

        /** Matrix rows: with the import's row names, or (for exported matrices) question ids. */
        private void matrix(Map<String, String> rows, JsonNode value, String path) {
            Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> row = it.next();
                String rowPath = Json.path(path, row.getKey());
                String qid = rows != null ? rows.get(row.getKey()) : row.getKey();
                Optional<Question> q = qid == null ? Optional.empty() : instrument.question(qid);
                if (q.isEmpty() || !(q.get() instanceof RatingQuestion)) {
                    issues.add(new SurveyJsIssue(rowPath, "'" + Json.shorten(row.getKey()) + "' is not a rating item of instrument "
                            + instrument.id()));
                    continue;
                }
                put(q.get().id(), scaleAnswer(row.getValue(), rowPath));
            }
        }

        private void put(String questionId, Answer a) {
            if (a != null) {
                out.put(questionId, a);
            }
        }

        private void answer(Question q, SurveyJsNames.Entry entry, String key, JsonNode value, String path) {
            if (isEmpty(value)) {
                return;
            }
            if (q instanceof RatingQuestion || q instanceof NpsQuestion) {
                put(q.id(), scaleAnswer(value, path));
            } else if (q instanceof ChoiceQuestion) {
                put(q.id(), choiceAnswer(entry, key, value, path));
            } else if (q instanceof NumberQuestion) {
                Double d = number(value);
                if (d == null) {
                    issues.add(new SurveyJsIssue(path, Json.describe(value) + " is not a number"));
                } else {
                    put(q.id(), Answer.number(d));
                }
            } else if (q instanceof TextQuestion) {
                if (value.isValueNode()) {
                    put(q.id(), Answer.text(value.asText()));
                } else {
                    issues.add(new SurveyJsIssue(path, Json.describe(value) + " is not a text"));
                }
            }
        }

        private boolean isEmpty(JsonNode value) {
            return value.isNull() || value.isTextual() && value.asText().isEmpty() || value.isContainerNode() && value.isEmpty();
        }

        private Answer scaleAnswer(JsonNode value, String path) {
            if (isEmpty(value)) {
                return null;
            }
            if (value.isTextual()) {
                Optional<SpecialStatus> special = SurveyJsValues.status(value.asText());
                if (special.isPresent()) {
                    return Answer.special(special.get());
                }
            }
            Double d = number(value);
            if (d == null) {
                issues.add(new SurveyJsIssue(path, Json.describe(value) + " is neither a scale value nor one of '"
                        + SurveyJsValues.DONT_KNOW + "', '" + SurveyJsValues.NOT_APPLICABLE + "', '" + SurveyJsValues.REFUSED + "'"));
                return null;
            }
            return Answer.number(d);
        }

        private Double number(JsonNode value) {
            if (value.isNumber()) {
                double d = value.asDouble();
                return Double.isFinite(d) ? d : null;
            }
            if (value.isTextual() && value.asText().matches("\\s*-?[0-9]+(\\.[0-9]+)?\\s*")) {
                return Double.parseDouble(value.asText().trim());
            }
            return null;
        }

        private Answer choiceAnswer(SurveyJsNames.Entry entry, String key, JsonNode value, String path) {
            List<JsonNode> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(values::add);
            } else {
                values.add(value);
            }
            String comment = null;
            if (entry.otherCode() != null) {
                JsonNode cm = root.get(key + SurveyJsValues.COMMENT_SUFFIX);
                if (cm != null && cm.isValueNode() && !cm.asText().isEmpty()) {
                    comment = cm.asText();
                }
            }
            List<String> codes = new ArrayList<>();
            String otherText = null;
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                String vp = value.isArray() ? Json.path(path, i) : path;
                if (!v.isValueNode() || v.isNull()) {
                    issues.add(new SurveyJsIssue(vp, Json.describe(v) + " is not a choice value"));
                    continue;
                }
                String text = Json.valueText(v);
                String code = entry.codes().get(text);
                if (code == null && entry.otherCode() != null) {
                    // SurveyJS stored the text typed into "other" as the value itself
                    code = entry.otherCode();
                    otherText = text;
                } else if (code == null) {
                    code = text; // not an option: response validation reports it
                } else if (code.equals(entry.otherCode())) {
                    otherText = comment;
                }
                if (!codes.contains(code)) {
                    codes.add(code);
                }
            }
            if (codes.isEmpty()) {
                return null;
            }
            return otherText == null ? new Answer.Choice(codes, Optional.empty()) : Answer.choiceWithOther(codes, otherText);
        }
    }
}

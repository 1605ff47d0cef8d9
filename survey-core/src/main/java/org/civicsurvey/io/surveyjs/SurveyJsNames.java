package org.civicsurvey.io.surveyjs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.TextQuestion;

/**
 * How SurveyJS names (questions, matrix rows) and values (choices, the "other" item) map to
 * question ids and option codes. For an exported instrument the mapping is the identity (names
 * are ids, values are codes, {@code "other"} is the other option); an import records the renames
 * it made.
 */
final class SurveyJsNames {
    /**
     * One SurveyJS question.
     *
     * @param questionId the question id
     * @param kind the kind, for conditions
     * @param codes SurveyJS value (as text) to option code, for choice questions; empty otherwise
     * @param otherCode the code of the "other" option, or null
     */
    record Entry(String questionId, Expressions.Kind kind, Map<String, String> codes, String otherCode) {
        Entry {
            codes = Collections.unmodifiableMap(new LinkedHashMap<>(codes));
        }
    }

    private final Map<String, Entry> questions;
    private final Map<String, Map<String, String>> matrices;

    private SurveyJsNames(Map<String, Entry> questions, Map<String, Map<String, String>> matrices) {
        this.questions = Collections.unmodifiableMap(new LinkedHashMap<>(questions));
        this.matrices = Collections.unmodifiableMap(new LinkedHashMap<>(matrices));
    }

    /** The names {@link SurveyJsExporter} writes for an instrument. */
    static SurveyJsNames of(Instrument instrument) {
        Builder b = new Builder();
        for (Question q : instrument.questions()) {
            if (q instanceof ChoiceQuestion c) {
                Map<String, String> codes = new LinkedHashMap<>();
                String other = null;
                for (ChoiceOption o : c.options()) {
                    if (o.other()) {
                        other = o.code();
                        codes.put(SurveyJsValues.OTHER, o.code());
                    } else {
                        codes.put(o.code(), o.code());
                    }
                }
                b.question(q.id(), q.id(), c.multiple() ? Expressions.Kind.MULTIPLE : Expressions.Kind.CHOICE, codes);
                if (other != null) {
                    b.other(q.id(), other);
                }
            } else {
                b.question(q.id(), q.id(), kind(q), null);
            }
        }
        return b.build();
    }

    private static Expressions.Kind kind(Question q) {
        if (q instanceof TextQuestion) {
            return Expressions.Kind.TEXT;
        }
        if (q instanceof NumberQuestion n) {
            return n.integer() ? Expressions.Kind.INTEGER : Expressions.Kind.NUMBER;
        }
        return Expressions.Kind.INTEGER;
    }

    Optional<Entry> question(String name) {
        return Optional.ofNullable(questions.get(name));
    }

    /** Row name to question id for a matrix, or empty when the name is not a matrix. */
    Optional<Map<String, String>> matrix(String name) {
        return Optional.ofNullable(matrices.get(name));
    }

    /** Resolves a variable of a {@code visibleIf} expression: a question, or {@code matrix.row}. */
    Optional<Expressions.Target> target(String variable) {
        Entry e = questions.get(variable);
        if (e != null) {
            return Optional.of(new Expressions.Target(e.questionId(), e.kind(), e.codes()));
        }
        for (Map.Entry<String, Map<String, String>> m : matrices.entrySet()) {
            String prefix = m.getKey() + ".";
            if (variable.startsWith(prefix)) {
                String row = m.getValue().get(variable.substring(prefix.length()));
                if (row != null) {
                    return Optional.of(new Expressions.Target(row, Expressions.Kind.INTEGER, Map.of()));
                }
            }
        }
        return Optional.empty();
    }

    /** Collects names during an import. */
    static final class Builder {
        private final Map<String, Entry> questions = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> matrices = new LinkedHashMap<>();

        void question(String name, String questionId, Expressions.Kind kind, Map<String, String> codes) {
            questions.put(name, new Entry(questionId, kind, codes == null ? Map.of() : codes, null));
        }

        void other(String name, String otherCode) {
            Entry e = questions.get(name);
            questions.put(name, new Entry(e.questionId(), e.kind(), e.codes(), otherCode));
        }

        void matrix(String name, Map<String, String> rows) {
            matrices.put(name, new LinkedHashMap<>(rows));
        }

        SurveyJsNames build() {
            return new SurveyJsNames(questions, matrices);
        }
    }
}

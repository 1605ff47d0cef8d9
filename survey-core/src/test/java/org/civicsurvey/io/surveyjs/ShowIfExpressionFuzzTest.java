package org.civicsurvey.io.surveyjs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.fuzz.FuzzTargets;
import org.civicsurvey.model.Condition;

/**
 * Fuzzes the show-if expression parser (SurveyJS {@code visibleIf}) over questions of every kind:
 * any text gives a condition or an {@link Expressions.UnsupportedExpression} saying what was found
 * (the importer reports it at the expression's JSON path); nothing else.
 */
class ShowIfExpressionFuzzTest {
    /** Created on the first input, once the fuzzer's agent is attached (see WideCsvImporterFuzzTest). */
    private static final class Lazy {
        static final Map<String, Expressions.Target> QUESTIONS = Map.of(
        "used", new Expressions.Target("used", Expressions.Kind.CHOICE, Map.of("yes", "yes", "no", "no", "1", "one")),
        "topics", new Expressions.Target("topics", Expressions.Kind.MULTIPLE, Map.of("a", "a", "b", "b", "c", "c")),
        "q1", new Expressions.Target("q1", Expressions.Kind.INTEGER, Map.of()),
        "visits", new Expressions.Target("visits", Expressions.Kind.NUMBER, Map.of()),
        "comment", new Expressions.Target("comment", Expressions.Kind.TEXT, Map.of()));
    }

    @FuzzTest(maxDuration = FuzzTargets.SHORT_RUN)
    void fuzz(byte[] input) {
        String expression = new String(input, StandardCharsets.UTF_8);
        Condition c;
        try {
            c = Expressions.read(expression, v -> Optional.ofNullable(Lazy.QUESTIONS.get(v)));
        } catch (Expressions.UnsupportedExpression e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("refused without a reason", e);
            }
            return;
        }
        if (c == null) {
            throw new AssertionError("no condition and no reason for " + expression);
        }
    }
}

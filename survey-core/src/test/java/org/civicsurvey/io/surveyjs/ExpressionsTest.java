package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.civicsurvey.model.Condition;

/** The visibleIf subset, read and written; the semantics are checked against SurveyJS itself in SurveyJsNodeCheckTest. */
class ExpressionsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static final Expressions.Resolver RESOLVER = v -> Optional.ofNullable(Map.of(
            "ch", new Expressions.Target("ch", Expressions.Kind.CHOICE, Map.of("yes", "yes", "no", "no", "other", "khac", "1", "v1")),
            "multi", new Expressions.Target("multi", Expressions.Kind.MULTIPLE, Map.of("a", "a", "b", "b")),
            "r", new Expressions.Target("r", Expressions.Kind.INTEGER, Map.of()),
            "m.row", new Expressions.Target("row", Expressions.Kind.INTEGER, Map.of()),
            "x", new Expressions.Target("x", Expressions.Kind.NUMBER, Map.of()),
            "t", new Expressions.Target("t", Expressions.Kind.TEXT, Map.of())).get(v));

    private static Condition read(String e) throws Expressions.UnsupportedExpression {
        return Expressions.read(e, RESOLVER);
    }

    @Test
    void readsTheSupportedForms() throws Exception {
        assertThat(read("{ch} = 'yes'")).isEqualTo(Condition.chosen("ch", "yes"));
        assertThat(read("{ch} == \"yes\"")).isEqualTo(Condition.chosen("ch", "yes"));
        assertThat(read("'yes' = {ch}")).isEqualTo(Condition.chosen("ch", "yes"));
        assertThat(read("{ch} equal 'other'")).isEqualTo(Condition.chosen("ch", "khac"));
        assertThat(read("{ch} = 1")).isEqualTo(Condition.chosen("ch", "v1"));
        assertThat(read("{ch} anyof ['yes', 'no']")).isEqualTo(new Condition.Chosen("ch", List.of("yes", "no")));
        assertThat(read("{multi} contains 'a'")).isEqualTo(Condition.chosen("multi", "a"));
        assertThat(read("{multi} allof ['a', 'b']")).isEqualTo(Condition.all(Condition.chosen("multi", "a"), Condition.chosen("multi", "b")));
        assertThat(read("{r} >= 4")).isEqualTo(new Condition.Between("r", 4, INF));
        assertThat(read("{r} > 3")).isEqualTo(new Condition.Between("r", 4, INF));
        assertThat(read("{r} < 3")).isEqualTo(new Condition.Between("r", -INF, 2));
        assertThat(read("3 < {r}")).isEqualTo(new Condition.Between("r", 4, INF));
        assertThat(read("{r} greaterorequal 2 and {r} lessorequal 4")).isEqualTo(new Condition.Between("r", 2, 4));
        assertThat(read("{r} = 5")).isEqualTo(new Condition.Between("r", 5, 5));
        assertThat(read("{r} anyof [1, 2, 3, 5]")).isEqualTo(Condition.any(new Condition.Between("r", 1, 3), new Condition.Between("r", 5, 5)));
        assertThat(read("{m.row} <= -1.5")).isEqualTo(new Condition.Between("row", -INF, -1.5));
        assertThat(read("{x} >= 0.25")).isEqualTo(new Condition.Between("x", 0.25, INF));
        assertThat(read("{t} notempty")).isEqualTo(new Condition.Answered("t", true));
        assertThat(read("{t} empty")).isEqualTo(new Condition.Answered("t", false));
        assertThat(read("{ch} = 'yes' AND ({r} >= 4 || {t} empty) and {x} <= 3")).isEqualTo(Condition.all(
                Condition.chosen("ch", "yes"), Condition.any(new Condition.Between("r", 4, INF), new Condition.Answered("t", false)),
                new Condition.Between("x", -INF, 3)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ch} != 'yes'                | negation '!=' at position 5 is not supported",
        "{multi} notcontains 'a'      | negation 'notcontains' at position 8 is not supported",
        "!({ch} = 'yes')              | negation '!' at position 0 is not supported",
        "{r} + 1 > 3                  | arithmetic '+' at position 4 is not supported",
        "age({birth}) > 18            | function age() is not supported",
        "{r} > {x}                    | comparing two questions",
        "{nope} = 1                   | {nope} is not a question of the imported instrument",
        "{ch} = 'maybe'               | 'maybe' is not a choice of {ch}",
        "{x} > 1                      | the strict bound '> 1' on {x}, which takes real numbers, is not supported (use >=)",
        "{r} = 'high'                 | {r} takes numbers, not [high]",
        "{t} = 'a'                    | conditions on the text question {t} other than empty/notempty are not supported",
        "{ch} = 'yes' and             | the expression ends where a condition was expected",
        "({ch} = 'yes'                | the expression ends where ')' was expected",
        "{ch} = 'yes                  | the text starting at position 7 is never closed",
        "{ch = 'yes'                  | '{' at position 0 is never closed",
        "{ch} = 'yes' {r}             | unexpected '{r}' at position 13 after a complete condition",
        "{ch} # 'yes'                 | unexpected character '#' at position 5",
        "{r} = 1.2.3                  | '1.2.3' at position 6 is not a number",
    })
    void reportsWhatItCannotRead(String expression, String message) {
        assertThatThrownBy(() -> read(expression)).isInstanceOf(Expressions.UnsupportedExpression.class)
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyExpressionIsReported() {
        assertThatThrownBy(() -> read("   ")).hasMessage("the expression is empty");
    }

    @Test
    void writesWhatItReads() throws Exception {
        Expressions.Names names = new Expressions.Names() {
            @Override
            public String variable(String questionId) {
                return questionId.equals("row") ? "m.row" : questionId;
            }

            @Override
            public boolean multiple(String questionId) {
                return questionId.equals("multi");
            }

            @Override
            public String value(String questionId, String code) {
                return code.equals("khac") ? "other" : code;
            }
        };
        Condition c = Condition.any(Condition.all(new Condition.Chosen("ch", List.of("yes", "khac")), new Condition.Between("row", 1, 2)),
                Condition.chosen("multi", "a"), new Condition.Between("x", -0.5, -0.5), new Condition.Answered("t", true));

        String written = Expressions.write(c, names);

        assertThat(written).isEqualTo("({ch} anyof ['yes', 'other'] and ({m.row} >= 1 and {m.row} <= 2)) or {multi} anyof ['a'] "
                + "or {x} = -0.5 or {t} notempty");
        assertThat(read(written)).isEqualTo(c);
        Expressions.Names quoting = new Expressions.Names() {
            @Override
            public String variable(String questionId) {
                return questionId;
            }

            @Override
            public boolean multiple(String questionId) {
                return false;
            }

            @Override
            public String value(String questionId, String code) {
                return "it's \\ here";
            }
        };
        assertThat(Expressions.write(Condition.chosen("ch", "a"), quoting)).isEqualTo("{ch} = 'it\\'s \\\\ here'");
    }
}

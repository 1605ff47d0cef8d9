package org.civicsurvey.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A show-if condition: a question is shown, and may be answered, only when its condition holds.
 * A hidden question must be left unanswered.
 *
 * <p>Leaves test one earlier question's answer; {@link All} and {@link Any} combine conditions.
 * A hidden or unanswered question has no answer, so every leaf on it is false except
 * {@code Answered(q, false)}. A special answer (don't know, not applicable, refused) counts as
 * answered but chooses no option and has no number.
 */
public sealed interface Condition permits Condition.All, Condition.Any, Condition.Chosen, Condition.Between,
        Condition.Answered {

    /** The deepest nesting of all/any conditions accepted. */
    int MAX_DEPTH = 8;

    /**
     * What a condition may know about the answers given so far.
     */
    interface Facts {
        /**
         * Tells whether a question has an answer (including a special one).
         *
         * @param questionId the question
         * @return true when answered
         */
        boolean answered(String questionId);

        /**
         * The option codes chosen for a choice question.
         *
         * @param questionId the question
         * @return the codes, empty when none
         */
        Set<String> chosen(String questionId);

        /**
         * The numeric answer to a rating, NPS or number question.
         *
         * @param questionId the question
         * @return the value, or empty when there is none
         */
        OptionalDouble number(String questionId);
    }

    /**
     * Evaluates the condition.
     *
     * @param facts the answers given so far
     * @return true when the question is shown
     */
    boolean test(Facts facts);

    /**
     * The ids of the questions this condition reads.
     *
     * @return the ids, in order of appearance, without repeats
     */
    default Set<String> questionIds() {
        Set<String> out = new LinkedHashSet<>();
        collect(this, out);
        return out;
    }

    private static void collect(Condition c, Set<String> out) {
        if (c instanceof All all) {
            all.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Any any) {
            any.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Chosen ch) {
            out.add(ch.question());
        } else if (c instanceof Between b) {
            out.add(b.question());
        } else if (c instanceof Answered a) {
            out.add(a.question());
        }
    }

    /**
     * True when every condition holds.
     *
     * @param conditions at least one condition
     */
    record All(List<Condition> conditions) implements Condition {
        /**
         * Validates the list.
         *
         * @param conditions the conditions, not empty
         */
        public All {
            conditions = Violations.copy("all", conditions);
            if (conditions.isEmpty()) {
                throw new InvalidModelException("all", "needs at least one condition");
            }
            checkDepth(conditions);
        }

        @Override
        public boolean test(Facts facts) {
            for (Condition c : conditions) {
                if (!c.test(facts)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * True when at least one condition holds.
     *
     * @param conditions at least one condition
     */
    record Any(List<Condition> conditions) implements Condition {
        /**
         * Validates the list.
         *
         * @param conditions the conditions, not empty
         */
        public Any {
            conditions = Violations.copy("any", conditions);
            if (conditions.isEmpty()) {
                throw new InvalidModelException("any", "needs at least one condition");
            }
            checkDepth(conditions);
        }

        @Override
        public boolean test(Facts facts) {
            for (Condition c : conditions) {
                if (c.test(facts)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * True when a choice question's answer includes at least one of the codes. In JSON
     * {@code {"question": "q8", "equals": "yes"}} (one code) or {@code {"question": "q8", "in": ["a", "b"]}}.
     *
     * @param question the choice question's id
     * @param codes option codes, at least one
     */
    record Chosen(String question, List<String> codes) implements Condition {
        /**
         * Validates the parts.
         *
         * @param question the question id
         * @param codes the option codes, not empty, valid ids, no repeats
         */
        public Chosen {
            Ids.require("question", question);
            codes = Violations.copy("in", codes);
            if (codes.isEmpty()) {
                throw new InvalidModelException("in", "needs at least one option code");
            }
            Violations v = new Violations();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < codes.size(); i++) {
                v.id("in[" + i + "]", codes.get(i));
                if (!seen.add(codes.get(i))) {
                    v.add("in[" + i + "]", "option " + Ids.quote(codes.get(i)) + " is listed twice");
                }
            }
            v.throwIfAny();
        }

        @Override
        public boolean test(Facts facts) {
            Set<String> chosen = facts.chosen(question);
            for (String code : codes) {
                if (chosen.contains(code)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * True when a numeric answer lies in {@code [atLeast, atMost]}; an open end is infinite. In JSON
     * {@code {"question": "q3", "atLeast": 1, "atMost": 2}}.
     *
     * @param question a rating, NPS or number question's id
     * @param atLeast the lower bound, or negative infinity
     * @param atMost the upper bound, or positive infinity
     */
    record Between(String question, double atLeast, double atMost) implements Condition {
        /**
         * Validates the parts.
         *
         * @param question the question id
         * @param atLeast lower bound, not NaN
         * @param atMost upper bound, not NaN, not below {@code atLeast}; not both infinite
         */
        public Between {
            Ids.require("question", question);
            if (Double.isNaN(atLeast) || atLeast == Double.POSITIVE_INFINITY) {
                throw new InvalidModelException("atLeast", "atLeast " + atLeast + " is not a finite number");
            }
            if (Double.isNaN(atMost) || atMost == Double.NEGATIVE_INFINITY) {
                throw new InvalidModelException("atMost", "atMost " + atMost + " is not a finite number");
            }
            if (atLeast > atMost) {
                throw new InvalidModelException("atMost", "atMost " + atMost + " is below atLeast " + atLeast);
            }
            if (Double.isInfinite(atLeast) && Double.isInfinite(atMost)) {
                throw new InvalidModelException("", "a numeric condition needs atLeast or atMost");
            }
        }

        @Override
        public boolean test(Facts facts) {
            OptionalDouble x = facts.number(question);
            return x.isPresent() && x.getAsDouble() >= atLeast && x.getAsDouble() <= atMost;
        }
    }

    /**
     * True when a question is answered (or, with {@code answered = false}, when it is not).
     *
     * @param question the question id
     * @param answered the state tested
     */
    record Answered(String question, boolean answered) implements Condition {
        /**
         * Validates the id.
         *
         * @param question the question id
         * @param answered the state tested
         */
        public Answered {
            Ids.require("question", question);
        }

        @Override
        public boolean test(Facts facts) {
            return facts.answered(question) == answered;
        }
    }

    /**
     * A condition true when one option of a choice question is chosen.
     *
     * @param question the question id
     * @param code the option code
     * @return the condition
     */
    static Condition chosen(String question, String code) {
        return new Chosen(question, List.of(code));
    }

    /**
     * A condition true when all conditions hold.
     *
     * @param conditions the conditions
     * @return the condition
     */
    static Condition all(Condition... conditions) {
        return new All(List.of(conditions));
    }

    /**
     * A condition true when any condition holds.
     *
     * @param conditions the conditions
     * @return the condition
     */
    static Condition any(Condition... conditions) {
        return new Any(List.of(conditions));
    }

    private static void checkDepth(List<Condition> conditions) {
        List<Condition> level = new ArrayList<>(conditions);
        for (int depth = 1; !level.isEmpty(); depth++) {
            if (depth > MAX_DEPTH) {
                throw new InvalidModelException("", "conditions are nested deeper than " + MAX_DEPTH + " levels");
            }
            List<Condition> next = new ArrayList<>();
            for (Condition c : level) {
                if (c instanceof All a) {
                    next.addAll(a.conditions());
                } else if (c instanceof Any a) {
                    next.addAll(a.conditions());
                }
            }
            level = next;
        }
    }
}

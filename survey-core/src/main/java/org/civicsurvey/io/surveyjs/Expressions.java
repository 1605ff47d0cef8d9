package org.civicsurvey.io.surveyjs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.civicsurvey.model.Condition;

/**
 * Translates show-if conditions to SurveyJS {@code visibleIf} expressions and back.
 *
 * <p>Written form: {@code Chosen} on a single-choice question with one code is {@code {q} = 'c'},
 * with several codes {@code {q} anyof ['a', 'b']}; on a multiple-choice question always
 * {@code {q} anyof [...]}; {@code Between} is {@code {q} >= a}, {@code {q} <= b}, both joined by
 * {@code and}, or {@code {q} = a} when {@code a == b}; {@code Answered} is {@code {q} notempty} or
 * {@code {q} empty}; {@code All}/{@code Any} are {@code and}/{@code or} with parentheses around
 * nested groups.
 *
 * <p>Read form: the above plus {@code ==}, {@code equal}, {@code contains}, {@code allof} (as
 * {@code and} of single choices), {@code >}, {@code <}, {@code greater}, {@code less},
 * {@code greaterorequal}, {@code lessorequal} (strict bounds only on integer questions), literals on
 * either side, {@code &&}, {@code ||}, {@code anyof} on a numeric question (contiguous values become
 * one range). Negations ({@code !=}, {@code notcontains}, {@code noneof}, {@code !}), functions,
 * arithmetic and variables that are not questions are not supported and raise
 * {@link UnsupportedExpression} naming what was found.
 */
final class Expressions {
    private Expressions() {
    }

    /** How the writer names questions and option values. */
    interface Names {
        /**
         * The SurveyJS variable for a question, without braces.
         *
         * @param questionId the question id
         * @return the variable name
         */
        String variable(String questionId);

        /**
         * Whether the question takes several options.
         *
         * @param questionId the question id
         * @return true for a multiple-choice question
         */
        boolean multiple(String questionId);

        /**
         * The SurveyJS value of an option.
         *
         * @param questionId the question id
         * @param code the option code
         * @return the value as written in the SurveyJS JSON
         */
        String value(String questionId, String code);
    }

    /** What a question is, as far as conditions on it are concerned. */
    enum Kind {
        /** A single-choice question. */
        CHOICE,
        /** A multiple-choice question. */
        MULTIPLE,
        /** A question whose answers are integers (rating, NPS, integer number). */
        INTEGER,
        /** A question whose answers are real numbers. */
        NUMBER,
        /** A text question. */
        TEXT
    }

    /**
     * A question a SurveyJS variable names.
     *
     * @param questionId the question id in the instrument
     * @param kind its kind
     * @param codes SurveyJS value (as text) to option code, for choice questions
     */
    record Target(String questionId, Kind kind, Map<String, String> codes) {
        Target {
            codes = Map.copyOf(codes);
        }
    }

    /** Finds the question a SurveyJS variable names. */
    interface Resolver {
        /**
         * Resolves a variable.
         *
         * @param variable the name between braces
         * @return the question, or empty when the variable is not a question of the instrument
         */
        Optional<Target> resolve(String variable);
    }

    /** An expression outside the supported subset. */
    static final class UnsupportedExpression extends Exception {
        private static final long serialVersionUID = 1L;

        UnsupportedExpression(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- writing

    static String write(Condition condition, Names names) {
        return write(condition, names, false);
    }

    private static String write(Condition c, Names names, boolean nested) {
        if (c instanceof Condition.All all) {
            return group(all.conditions(), " and ", names, nested);
        }
        if (c instanceof Condition.Any any) {
            return group(any.conditions(), " or ", names, nested);
        }
        if (c instanceof Condition.Chosen chosen) {
            String v = "{" + names.variable(chosen.question()) + "}";
            if (!names.multiple(chosen.question()) && chosen.codes().size() == 1) {
                return v + " = " + literal(names.value(chosen.question(), chosen.codes().get(0)));
            }
            List<String> values = new ArrayList<>();
            for (String code : chosen.codes()) {
                values.add(literal(names.value(chosen.question(), code)));
            }
            return v + " anyof [" + String.join(", ", values) + "]";
        }
        if (c instanceof Condition.Between b) {
            String v = "{" + names.variable(b.question()) + "}";
            if (b.atLeast() == b.atMost()) {
                return v + " = " + number(b.atLeast());
            }
            if (Double.isInfinite(b.atLeast())) {
                return v + " <= " + number(b.atMost());
            }
            if (Double.isInfinite(b.atMost())) {
                return v + " >= " + number(b.atLeast());
            }
            String both = v + " >= " + number(b.atLeast()) + " and " + v + " <= " + number(b.atMost());
            return nested ? "(" + both + ")" : both;
        }
        Condition.Answered a = (Condition.Answered) c;
        return "{" + names.variable(a.question()) + "} " + (a.answered() ? "notempty" : "empty");
    }

    private static String group(List<Condition> parts, String joiner, Names names, boolean nested) {
        if (parts.size() == 1) {
            return write(parts.get(0), names, nested);
        }
        List<String> out = new ArrayList<>();
        for (Condition part : parts) {
            out.add(write(part, names, true));
        }
        String joined = String.join(joiner, out);
        return nested ? "(" + joined + ")" : joined;
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- reading

    static Condition read(String expression, Resolver resolver) throws UnsupportedExpression {
        Parser p = new Parser(tokenize(expression), resolver);
        Condition c = p.or();
        if (!p.atEnd()) {
            throw new UnsupportedExpression("unexpected " + p.peek().describe() + " after a complete condition");
        }
        return c;
    }

    private enum T {
        VAR, STRING, NUMBER, WORD, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA
    }

    private record Token(T type, String text, int position) {
        String describe() {
            return "'" + (type == T.VAR ? "{" + text + "}" : text) + "' at position " + position;
        }

        boolean is(T t, String... texts) {
            if (type != t) {
                return false;
            }
            if (texts.length == 0) {
                return true;
            }
            for (String s : texts) {
                if (text.equalsIgnoreCase(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static List<Token> tokenize(String s) throws UnsupportedExpression {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '{') {
                int end = s.indexOf('}', i);
                if (end < 0) {
                    throw new UnsupportedExpression("'{' at position " + i + " is never closed");
                }
                out.add(new Token(T.VAR, s.substring(i + 1, end).trim(), start));
                i = end + 1;
            } else if (ch == '\'' || ch == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < s.length()) {
                        b.append(s.charAt(i + 1));
                        i += 2;
                    } else if (c == ch) {
                        closed = true;
                        i++;
                        break;
                    } else {
                        b.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new UnsupportedExpression("the text starting at position " + start + " is never closed");
                }
                out.add(new Token(T.STRING, b.toString(), start));
            } else if (Character.isDigit(ch) || (ch == '-' || ch == '.') && i + 1 < s.length()
                    && Character.isDigit(s.charAt(i + 1)) && lastIsOperatorOrStart(out)) {
                i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                String number = s.substring(start, i);
                if (number.indexOf('.') != number.lastIndexOf('.')) {
                    // digits and points with more than one point (found by ShowIfExpressionFuzzTest:
                    // it reached Double.parseDouble and escaped as NumberFormatException)
                    throw new UnsupportedExpression("'" + number + "' at position " + start + " is not a number");
                }
                out.add(new Token(T.NUMBER, number, start));
            } else if (Character.isLetter(ch) || ch == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(T.WORD, s.substring(start, i), start));
            } else if (ch == '(') {
                out.add(new Token(T.LPAREN, "(", i++));
            } else if (ch == ')') {
                out.add(new Token(T.RPAREN, ")", i++));
            } else if (ch == '[') {
                out.add(new Token(T.LBRACKET, "[", i++));
            } else if (ch == ']') {
                out.add(new Token(T.RBRACKET, "]", i++));
            } else if (ch == ',') {
                out.add(new Token(T.COMMA, ",", i++));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("==") || two.equals("!=") || two.equals("<>") || two.equals(">=") || two.equals("<=")
                        || two.equals("&&") || two.equals("||")) {
                    out.add(new Token(T.OP, two, i));
                    i += 2;
                } else if ("=<>!+-*/%^".indexOf(ch) >= 0) {
                    out.add(new Token(T.OP, String.valueOf(ch), i++));
                } else {
                    throw new UnsupportedExpression("unexpected character '" + ch + "' at position " + i);
                }
            }
        }
        if (out.isEmpty()) {
            throw new UnsupportedExpression("the expression is empty");
        }
        return out;
    }

    private static boolean lastIsOperatorOrStart(List<Token> out) {
        if (out.isEmpty()) {
            return true;
        }
        Token last = out.get(out.size() - 1);
        return last.type == T.OP || last.type == T.WORD || last.type == T.LPAREN || last.type == T.LBRACKET
                || last.type == T.COMMA;
    }

    /** A literal: a text, a number or a list of them. */
    private record Literal(List<String> values, boolean list, boolean numeric) {
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final Resolver resolver;
        private int pos;

        Parser(List<Token> tokens, Resolver resolver) {
            this.tokens = tokens;
            this.resolver = resolver;
        }

        boolean atEnd() {
            return pos >= tokens.size();
        }

        Token peek() {
            return tokens.get(pos);
        }

        private Token next(String expected) throws UnsupportedExpression {
            if (atEnd()) {
                throw new UnsupportedExpression("the expression ends where " + expected + " was expected");
            }
            return tokens.get(pos++);
        }

        Condition or() throws UnsupportedExpression {
            List<Condition> parts = new ArrayList<>();
            parts.add(and());
            while (!atEnd() && (peek().is(T.WORD, "or") || peek().is(T.OP, "||"))) {
                pos++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Condition.Any(flatten(parts, true));
        }

        Condition and() throws UnsupportedExpression {
            List<Condition> parts = new ArrayList<>();
            parts.add(primary());
            while (!atEnd() && (peek().is(T.WORD, "and") || peek().is(T.OP, "&&"))) {
                pos++;
                parts.add(primary());
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            if (parts.size() == 2 && parts.get(0) instanceof Condition.Between lo && parts.get(1) instanceof Condition.Between hi
                    && lo.question().equals(hi.question()) && Double.isInfinite(lo.atMost()) && Double.isInfinite(hi.atLeast())
                    && lo.atLeast() <= hi.atMost()) {
                return new Condition.Between(lo.question(), lo.atLeast(), hi.atMost());
            }
            return new Condition.All(flatten(parts, false));
        }

        private static List<Condition> flatten(List<Condition> parts, boolean any) {
            List<Condition> out = new ArrayList<>();
            for (Condition c : parts) {
                if (any && c instanceof Condition.Any a) {
                    out.addAll(a.conditions());
                } else if (!any && c instanceof Condition.All a) {
                    out.addAll(a.conditions());
                } else {
                    out.add(c);
                }
            }
            return out;
        }

        Condition primary() throws UnsupportedExpression {
            Token t = next("a condition");
            if (t.is(T.LPAREN)) {
                Condition inner = or();
                Token close = next("')'");
                if (!close.is(T.RPAREN)) {
                    throw new UnsupportedExpression("expected ')' but found " + close.describe());
                }
                return inner;
            }
            if (t.is(T.OP, "!") || t.is(T.WORD, "not")) {
                throw new UnsupportedExpression("negation " + t.describe() + " is not supported");
            }
            if (t.is(T.VAR)) {
                return comparison(t);
            }
            if (t.is(T.STRING) || t.is(T.NUMBER) || t.is(T.LBRACKET) || t.is(T.WORD, "true", "false")) {
                pos--;
                Literal lit = literal();
                Token op = operator();
                Token var = next("a question variable");
                if (!var.is(T.VAR)) {
                    throw new UnsupportedExpression("a condition must compare a question with a value, found " + var.describe());
                }
                return compare(var, mirror(op), lit);
            }
            if (t.is(T.WORD) && !atEnd() && peek().is(T.LPAREN)) {
                throw new UnsupportedExpression("function " + t.text() + "() is not supported");
            }
            throw new UnsupportedExpression("unexpected " + t.describe());
        }

        private Condition comparison(Token var) throws UnsupportedExpression {
            Token op = operator();
            if (op.is(T.WORD, "empty", "notempty")) {
                Target target = target(var);
                return new Condition.Answered(target.questionId(), op.text().equalsIgnoreCase("notempty"));
            }
            if (!atEnd() && peek().is(T.VAR)) {
                throw new UnsupportedExpression("comparing two questions (" + var.describe() + " and " + peek().describe()
                        + ") is not supported");
            }
            return compare(var, op, literal());
        }

        private Token operator() throws UnsupportedExpression {
            Token op = next("an operator");
            if (op.is(T.OP, "+", "-", "*", "/", "%", "^")) {
                throw new UnsupportedExpression("arithmetic " + op.describe() + " is not supported");
            }
            if (op.is(T.OP, "!=", "<>") || op.is(T.WORD, "notequal", "notcontains", "noneof")) {
                throw new UnsupportedExpression("negation " + op.describe() + " is not supported");
            }
            if (!(op.is(T.OP, "=", "==", ">", ">=", "<", "<=") || op.is(T.WORD, "equal", "anyof", "allof", "contains",
                    "greater", "less", "greaterorequal", "lessorequal", "empty", "notempty"))) {
                throw new UnsupportedExpression("operator " + op.describe() + " is not supported");
            }
            return op;
        }

        private static Token mirror(Token op) throws UnsupportedExpression {
            String o = op.text().toLowerCase(Locale.ROOT);
            String m;
            switch (o) {
                case "=": case "==": case "equal":
                    return op;
                case ">": case "greater":
                    m = "<";
                    break;
                case "<": case "less":
                    m = ">";
                    break;
                case ">=": case "greaterorequal":
                    m = "<=";
                    break;
                case "<=": case "lessorequal":
                    m = ">=";
                    break;
                default:
                    throw new UnsupportedExpression("a value on the left of " + op.describe() + " is not supported");
            }
            return new Token(T.OP, m, op.position());
        }

        private Literal literal() throws UnsupportedExpression {
            Token t = next("a value");
            if (t.is(T.LBRACKET)) {
                List<String> values = new ArrayList<>();
                boolean numeric = true;
                if (!atEnd() && peek().is(T.RBRACKET)) {
                    throw new UnsupportedExpression("the empty list at position " + t.position() + " is not supported");
                }
                while (true) {
                    Literal one = literal();
                    if (one.list()) {
                        throw new UnsupportedExpression("nested lists are not supported");
                    }
                    values.add(one.values().get(0));
                    numeric &= one.numeric();
                    Token sep = next("',' or ']'");
                    if (sep.is(T.RBRACKET)) {
                        break;
                    }
                    if (!sep.is(T.COMMA)) {
                        throw new UnsupportedExpression("expected ',' or ']' but found " + sep.describe());
                    }
                }
                return new Literal(values, true, numeric);
            }
            if (t.is(T.STRING)) {
                return new Literal(List.of(t.text()), false, isNumber(t.text()));
            }
            if (t.is(T.NUMBER)) {
                return new Literal(List.of(t.text()), false, true);
            }
            if (t.is(T.WORD, "true", "false")) {
                return new Literal(List.of(t.text().toLowerCase(Locale.ROOT)), false, false);
            }
            if (t.is(T.VAR)) {
                throw new UnsupportedExpression("comparing two questions at " + t.describe() + " is not supported");
            }
            if (t.is(T.WORD) && !atEnd() && peek().is(T.LPAREN)) {
                throw new UnsupportedExpression("function " + t.text() + "() is not supported");
            }
            throw new UnsupportedExpression("expected a value but found " + t.describe());
        }

        private Target target(Token var) throws UnsupportedExpression {
            Optional<Target> target = resolver.resolve(var.text());
            if (target.isEmpty()) {
                throw new UnsupportedExpression("{" + var.text() + "} is not a question of the imported instrument");
            }
            return target.get();
        }

        private Condition compare(Token var, Token op, Literal lit) throws UnsupportedExpression {
            Target target = target(var);
            String o = op.text().toLowerCase(Locale.ROOT);
            switch (target.kind()) {
                case CHOICE:
                case MULTIPLE:
                    return choice(target, var, o, lit);
                case INTEGER:
                case NUMBER:
                    return numeric(target, var, o, lit);
                default:
                    throw new UnsupportedExpression("conditions on the text question {" + var.text() + "} other than "
                            + "empty/notempty are not supported");
            }
        }

        private Condition choice(Target target, Token var, String o, Literal lit) throws UnsupportedExpression {
            List<String> codes = new ArrayList<>();
            for (String value : lit.values()) {
                String code = target.codes().get(value);
                if (code == null) {
                    throw new UnsupportedExpression("'" + value + "' is not a choice of {" + var.text() + "}");
                }
                if (!codes.contains(code)) {
                    codes.add(code);
                }
            }
            switch (o) {
                case "=": case "==": case "equal":
                    if (lit.list() || target.kind() == Kind.MULTIPLE) {
                        throw new UnsupportedExpression("'=' compares {" + var.text() + "} with a list of choices; use anyof or allof");
                    }
                    return new Condition.Chosen(target.questionId(), codes);
                case "anyof":
                    return new Condition.Chosen(target.questionId(), codes);
                case "contains":
                    if (lit.list()) {
                        throw new UnsupportedExpression("contains takes one value, not a list");
                    }
                    return new Condition.Chosen(target.questionId(), codes);
                case "allof": {
                    if (codes.size() == 1) {
                        return new Condition.Chosen(target.questionId(), codes);
                    }
                    List<Condition> all = new ArrayList<>();
                    for (String code : codes) {
                        all.add(new Condition.Chosen(target.questionId(), List.of(code)));
                    }
                    return new Condition.All(all);
                }
                default:
                    throw new UnsupportedExpression("operator '" + o + "' on the choice question {" + var.text() + "} is not supported");
            }
        }

        private Condition numeric(Target target, Token var, String o, Literal lit) throws UnsupportedExpression {
            if (!lit.numeric()) {
                throw new UnsupportedExpression("{" + var.text() + "} takes numbers, not " + lit.values());
            }
            List<Double> xs = new ArrayList<>();
            for (String v : lit.values()) {
                xs.add(Double.parseDouble(v));
            }
            boolean integer = target.kind() == Kind.INTEGER;
            String q = target.questionId();
            if (o.equals("anyof")) {
                TreeSet<Double> sorted = new TreeSet<>(xs);
                List<Condition> ranges = new ArrayList<>();
                double lo = Double.NaN;
                double hi = Double.NaN;
                for (double x : sorted) {
                    if (!Double.isNaN(hi) && integer && x == hi + 1) {
                        hi = x;
                    } else {
                        if (!Double.isNaN(lo)) {
                            ranges.add(new Condition.Between(q, lo, hi));
                        }
                        lo = x;
                        hi = x;
                    }
                }
                ranges.add(new Condition.Between(q, lo, hi));
                return ranges.size() == 1 ? ranges.get(0) : new Condition.Any(ranges);
            }
            if (lit.list()) {
                throw new UnsupportedExpression("operator '" + o + "' takes one number, not a list");
            }
            double x = xs.get(0);
            switch (o) {
                case "=": case "==": case "equal":
                    return new Condition.Between(q, x, x);
                case ">=": case "greaterorequal":
                    return new Condition.Between(q, x, Double.POSITIVE_INFINITY);
                case "<=": case "lessorequal":
                    return new Condition.Between(q, Double.NEGATIVE_INFINITY, x);
                case ">": case "greater":
                    if (!integer) {
                        throw new UnsupportedExpression("the strict bound '> " + lit.values().get(0) + "' on {" + var.text()
                                + "}, which takes real numbers, is not supported (use >=)");
                    }
                    return new Condition.Between(q, Math.floor(x) + 1, Double.POSITIVE_INFINITY);
                case "<": case "less":
                    if (!integer) {
                        throw new UnsupportedExpression("the strict bound '< " + lit.values().get(0) + "' on {" + var.text()
                                + "}, which takes real numbers, is not supported (use <=)");
                    }
                    return new Condition.Between(q, Double.NEGATIVE_INFINITY, Math.ceil(x) - 1);
                case "contains":
                case "allof":
                default:
                    throw new UnsupportedExpression("operator '" + o + "' on the numeric question {" + var.text()
                            + "} is not supported");
            }
        }

        private static boolean isNumber(String s) {
            if (s.isEmpty()) {
                return false;
            }
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) && s.matches("-?[0-9]+(\\.[0-9]+)?");
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}

package org.civicsurvey.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Ids;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks responses against their instrument and returns every violation at once.
 *
 * <pre>{@code
 * ResponseValidator validator = ResponseValidator.create();
 * ValidationReport report = validator.validate(instrument, response);
 * if (!report.isValid()) { report.messages().forEach(System.out::println); }
 * validator.requireValid(instrument, response);   // or throw InvalidResponseException
 * }</pre>
 *
 * <p>Two layers run every time. <b>Field constraints</b> on the response (ids not blank and bounded,
 * transaction fields and respondent attributes bounded, respondent keys are ids, weight positive)
 * are checked by Hibernate Validator, bootstrapped explicitly with its
 * {@code ParameterMessageInterpolator} and English messages: no Expression Language implementation
 * is needed on the class path and none is ever used. <b>Instrument rules</b>: the instrument id
 * and version must match (when they do not, the answers are not checked further, as they would be
 * checked against the wrong questions); every answer must be to a known question, of the right
 * kind, on the scale or within the bounds, a whole number where required, an option of the
 * question, within the text length; a special answer must be one the scale offers; a question
 * hidden by its show-if condition must be unanswered; in a {@code complete} response, every
 * required question that is shown must be answered.
 *
 * <p>Instances are immutable and thread-safe; create one and share it.
 */
public final class ResponseValidator {
    private static final class Holder {
        /**
         * Hibernate Validator announces its version at INFO on start. When its logging goes to the
         * JDK's (no other backend on the class path) and nobody configured that logger, it is raised
         * to WARNING, so an application starts without a line from the library; held so the setting stays.
         */
        static final java.util.logging.Logger VERSION_LOGGER = quiet("org.hibernate.validator.internal.util.Version");
        static final ValidatorFactory FACTORY = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator(Set.of(Locale.ENGLISH), Locale.ENGLISH, false))
                .buildValidatorFactory();
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        if (logger.getLevel() == null) {
            logger.setLevel(java.util.logging.Level.WARNING);
        }
        return logger;
    }

    private final Validator fields;

    private ResponseValidator(Validator fields) {
        this.fields = fields;
    }

    /**
     * Creates a validator. The underlying Hibernate Validator factory is built once per class loader.
     *
     * @return the validator
     */
    public static ResponseValidator create() {
        return new ResponseValidator(Holder.FACTORY.getValidator());
    }

    /**
     * Checks a response.
     *
     * @param instrument the instrument the response should answer
     * @param response the response
     * @return every violation; valid when empty
     */
    public ValidationReport validate(Instrument instrument, Response response) {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(response, "response");
        List<Violation> out = new ArrayList<>();
        fieldViolations(response, out);
        boolean sameInstrument = true;
        if (!response.instrumentId().equals(instrument.id())) {
            out.add(new Violation("instrumentId", "the response is for instrument " + Ids.quote(response.instrumentId())
                    + ", not " + instrument.id(), Rule.WRONG_INSTRUMENT));
            sameInstrument = false;
        } else if (!response.instrumentVersion().equals(instrument.version())) {
            out.add(new Violation("instrumentVersion", "the response is for version " + Ids.quote(response.instrumentVersion())
                    + " of " + instrument.id() + ", not version " + instrument.version(), Rule.WRONG_VERSION));
            sameInstrument = false;
        }
        if (sameInstrument) {
            instrumentRules(instrument, response, out);
        }
        return new ValidationReport(response.id(), out);
    }

    /**
     * Checks a response and throws when it breaks any rule.
     *
     * @param instrument the instrument
     * @param response the response
     * @return the response, valid
     * @throws InvalidResponseException carrying the report of every violation
     */
    public Response requireValid(Instrument instrument, Response response) {
        ValidationReport report = validate(instrument, response);
        if (!report.isValid()) {
            throw new InvalidResponseException(report);
        }
        return response;
    }

    private void fieldViolations(Response response, List<Violation> out) {
        if (fieldsHold(response)) {
            // Hibernate Validator would find nothing; it is asked whenever a rule may be broken
            return;
        }
        List<Violation> found = new ArrayList<>();
        for (ConstraintViolation<Response> cv : fields.validate(response)) {
            found.add(new Violation(path(cv.getPropertyPath()), cv.getMessage(), Rule.FIELD));
        }
        found.sort(Comparator.comparing(Violation::path).thenComparing(Violation::message));
        out.addAll(found);
    }

    private static final java.util.regex.Pattern RESPONSE_ID = java.util.regex.Pattern.compile(Response.ID_REGEX);

    /**
     * Whether every field constraint of {@link Response} and its {@link
     * org.civicsurvey.response.Transaction} holds, checked as Hibernate Validator checks it or more
     * strictly: not blank as a trimmed length above zero and not only white space, sizes as lengths
     * in UTF-16 units and map sizes, patterns as a whole match, positive as greater than zero. When this
     * says yes, Hibernate Validator reports nothing, and a batch skips its per-field walk (most of
     * the validation's time); when it says no, Hibernate Validator is asked, so every message and
     * path is its own. {@code ResponseFieldRulesTest} keeps this list equal to the annotations, and
     * checks on hostile values that this never says yes where Hibernate Validator finds a violation.
     *
     * @param r the response
     * @return true when no field constraint can be broken
     */
    static boolean fieldsHold(Response r) {
        String id = r.id();
        if (blank(id) || id.length() > Response.MAX_ID_LENGTH || !RESPONSE_ID.matcher(id).matches()) {
            return false;
        }
        if (blank(r.instrumentId()) || r.instrumentId().length() > Ids.MAX_LENGTH) {
            return false;
        }
        if (blank(r.instrumentVersion()) || r.instrumentVersion().length() > 32) {
            return false;
        }
        if (r.answers().size() > Response.MAX_ANSWERS || r.respondent().size() > Response.MAX_ATTRIBUTES) {
            return false;
        }
        for (Map.Entry<String, String> e : r.respondent().entrySet()) {
            if (!Ids.isValid(e.getKey()) || blank(e.getValue())
                    || e.getValue().length() > Response.MAX_ATTRIBUTE_LENGTH) {
                return false;
            }
        }
        if (r.weight().isPresent() && !(r.weight().getAsDouble() > 0)) {
            return false;
        }
        org.civicsurvey.response.Transaction t = r.transaction();
        return sized(t.caseFileId()) && sized(t.agency()) && sized(t.service()) && sized(t.channel());
    }

    /**
     * Possibly blank as Hibernate Validator's {@code NotBlank} sees it: null, nothing left once
     * trimmed, or only white space as {@link Character#isWhitespace} has it (a text of em spaces is
     * blank to Hibernate Validator); a doubt sends the response to Hibernate Validator.
     */
    private static boolean blank(String s) {
        return s == null || s.trim().isEmpty() || s.isBlank();
    }

    /** A transaction text's size rule (1 to 200 characters), when present. */
    private static boolean sized(Optional<String> text) {
        return text.isEmpty() || text.get().length() >= 1
                && text.get().length() <= org.civicsurvey.response.Transaction.MAX_LENGTH;
    }

    /** Renders a Jakarta Validation path as {@code transaction.caseFileId} or {@code respondent.sex}. */
    static String path(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            String name = node.getName();
            boolean container = node.getKind() == ElementKind.CONTAINER_ELEMENT;
            if (container && node.getKey() != null) {
                append(sb, String.valueOf(node.getKey()));
            } else if (container && node.getIndex() != null) {
                sb.append('[').append(node.getIndex()).append(']');
            } else if (name != null && !name.startsWith("<")) {
                if (node.getKey() != null) {
                    append(sb, String.valueOf(node.getKey()));
                }
                append(sb, name);
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String key) {
        if (Ids.isValid(key)) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(key);
        } else {
            sb.append('[').append(Ids.quote(key)).append(']');
        }
    }

    static String answerPath(String questionId) {
        return Ids.isValid(questionId) ? "answers." + questionId : "answers[" + Ids.quote(questionId) + "]";
    }

    private static void instrumentRules(Instrument instrument, Response response, List<Violation> out) {
        // one pass over the questions (a batch save validates every response: no set of question
        // ids and no id check per response); answers to unknown questions are found by counting
        // and reported first, as before
        List<Question> questions = instrument.questions();
        Condition.Facts facts = response.facts();
        Map<String, Answer> answers = response.answers();
        List<Violation> perQuestion = new ArrayList<>();
        int answered = 0;
        for (Question q : questions) {
            Answer a = answers.get(q.id());
            // question ids were checked when the instrument was built, so the path is the plain one
            String path = "answers." + q.id();
            boolean shown = q.isShown(facts);
            if (a == null) {
                if (shown && q.required() && response.status() == ResponseStatus.COMPLETE) {
                    perQuestion.add(new Violation(path, "required answer missing", Rule.MISSING_REQUIRED));
                }
                continue;
            }
            answered++;
            if (!shown) {
                perQuestion.add(new Violation(path, "answered, but the question is hidden (its show-if condition is false)",
                        Rule.HIDDEN_ANSWERED));
                continue;
            }
            answer(q, a, path, perQuestion);
        }
        if (answered < answers.size()) {
            Set<String> known = new HashSet<>();
            for (Question q : questions) {
                known.add(q.id());
            }
            for (String id : answers.keySet()) {
                if (!known.contains(id)) {
                    out.add(new Violation(answerPath(id), "no question " + Ids.quote(id) + " in instrument "
                            + instrument.id() + " " + instrument.version(), Rule.UNKNOWN_QUESTION));
                }
            }
        }
        out.addAll(perQuestion);
    }

    private static void answer(Question q, Answer a, String path, List<Violation> out) {
        Optional<Scale> scale = q.answerScale();
        if (scale.isPresent()) {
            scaled(q, scale.get(), a, path, out);
        } else if (q instanceof ChoiceQuestion c) {
            choice(c, a, path, out);
        } else if (q instanceof NumberQuestion n) {
            if (!(a instanceof Answer.Numeric num)) {
                out.add(wrongKind(path, "a number question needs a number", a));
                return;
            }
            double x = num.value();
            if (x < n.min() || x > n.max()) {
                out.add(new Violation(path, num + " is outside the bounds " + n.rangeText(), Rule.OUT_OF_RANGE));
            } else if (n.integer() && x != Math.rint(x)) {
                out.add(new Violation(path, num + " is not a whole number", Rule.OUT_OF_RANGE));
            }
        } else if (q instanceof TextQuestion t) {
            if (!(a instanceof Answer.Text text)) {
                out.add(wrongKind(path, "a text question needs a string", a));
            } else if (text.text().length() > t.maxLength()) {
                out.add(new Violation(path, "the text has " + text.text().length() + " characters, more than the maximum "
                        + t.maxLength(), Rule.TOO_LONG));
            }
        }
    }

    private static void scaled(Question q, Scale scale, Answer a, String path, List<Violation> out) {
        String kind = q instanceof NpsQuestion ? "an NPS question" : "a rating question";
        String scaleName = q instanceof NpsQuestion ? "the NPS scale " : "the scale ";
        if (a instanceof Answer.Special s) {
            if (scale.special(s.status()).isEmpty()) {
                out.add(new Violation(path, s.status().label() + " is not offered by this question's scale",
                        Rule.SPECIAL_NOT_OFFERED));
            }
            return;
        }
        if (!(a instanceof Answer.Numeric num)) {
            out.add(wrongKind(path, kind + " needs a number or a special answer", a));
            return;
        }
        double x = num.value();
        if (x != Math.rint(x)) {
            out.add(new Violation(path, num + " is not a whole number on " + scaleName + scale.rangeText(), Rule.OUT_OF_RANGE));
        } else if (x < scale.min() || x > scale.max()) {
            String hint = "";
            if (Math.abs(x) < Integer.MAX_VALUE) {
                Optional<SpecialCode> code = scale.special((int) x);
                if (code.isPresent()) {
                    hint = " (" + num + " is the code for " + code.get().status().label() + "; answer {\"special\": \""
                            + code.get().status().jsonName() + "\"})";
                }
            }
            out.add(new Violation(path, num + " is outside " + scaleName + scale.rangeText() + hint, Rule.OUT_OF_RANGE));
        }
    }

    private static void choice(ChoiceQuestion c, Answer a, String path, List<Violation> out) {
        if (!(a instanceof Answer.Choice ch)) {
            out.add(wrongKind(path, "a choice question needs option codes", a));
            return;
        }
        if (!c.multiple() && ch.codes().size() != 1) {
            out.add(new Violation(path, "a single choice takes exactly one option, not " + ch.codes().size(), Rule.BAD_CHOICE));
        }
        Set<String> seen = new HashSet<>();
        boolean otherChosen = false;
        for (String code : ch.codes()) {
            Optional<ChoiceOption> o = c.option(code);
            if (o.isEmpty()) {
                out.add(new Violation(path, Ids.quote(code) + " is not an option of " + c.id(), Rule.BAD_CHOICE));
            } else {
                otherChosen |= o.get().other();
                if (!seen.add(code)) {
                    out.add(new Violation(path, "option " + Ids.quote(code) + " is chosen twice", Rule.BAD_CHOICE));
                }
            }
        }
        if (ch.other().isPresent()) {
            String text = ch.other().get();
            if (!otherChosen) {
                out.add(new Violation(path, "text for \"other\" is given, but the other option is not chosen", Rule.BAD_CHOICE));
            } else if (text.length() > ChoiceQuestion.MAX_OTHER_LENGTH) {
                out.add(new Violation(path, "the other text has " + text.length() + " characters, more than the maximum "
                        + ChoiceQuestion.MAX_OTHER_LENGTH, Rule.TOO_LONG));
            }
        }
    }

    private static Violation wrongKind(String path, String need, Answer a) {
        return new Violation(path, need + ", not " + a.describeKind(), Rule.WRONG_KIND);
    }
}

package org.civicsurvey.examples.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.spring.boot.ViolationMessages;
import org.civicsurvey.validation.Violation;

/**
 * The rating form of an instrument as a view model for the template (one fieldset per question,
 * radio buttons for scales and single choices, the scale's special answers as further options),
 * and the way back: form fields to a {@link Response}. Answers to questions whose show-if condition
 * is false are dropped (a phone without JavaScript shows every question).
 */
final class RatingForm {
    /** Form field prefix of a question's answer. */
    static final String FIELD = "q_";
    /** Form value prefix of a special answer: {@code special:dont_know}. */
    static final String SPECIAL = "special:";

    private RatingForm() {
    }

    /**
     * One option.
     *
     * @param id the input's id
     * @param value the value posted
     * @param label the label
     * @param checked whether chosen
     */
    record Option(String id, String value, String label, boolean checked) {
    }

    /**
     * One question.
     *
     * @param name the field name
     * @param number the question's number
     * @param text the question
     * @param help help text, or empty
     * @param required whether an answer is required
     * @param conditional whether it has a show-if condition
     * @param showIf the question the condition reads, or null
     * @param showIfCodes the codes that show it, space separated, or null
     * @param input radio, checkbox, number or text
     * @param options the options of radio and checkbox inputs
     * @param value the value of number and text inputs
     * @param maxLength the longest text
     * @param error the error, or null
     */
    record QuestionView(String name, int number, String text, String help, boolean required, boolean conditional,
                        String showIf, String showIfCodes, String input, List<Option> options, String value, int maxLength,
                        String error) {
        /**
         * The ids the fieldset is described by.
         *
         * @return space-separated ids, or null
         */
        public String describedBy() {
            List<String> ids = new ArrayList<>();
            if (!help.isEmpty()) {
                ids.add(name + "-help");
            }
            if (error != null) {
                ids.add(name + "-error");
            }
            return ids.isEmpty() ? null : String.join(" ", ids);
        }
    }

    /**
     * A section.
     *
     * @param id the id
     * @param title the title
     * @param questions the questions
     */
    record SectionView(String id, String title, List<QuestionView> questions) {
    }

    /**
     * An error for the summary.
     *
     * @param anchor the question's field name, or null for a general error
     * @param text the question and the problem
     */
    record ErrorView(String anchor, String text) {
    }

    /**
     * The form.
     *
     * @param sections the sections
     * @param errors the error summary
     */
    record View(List<SectionView> sections, List<ErrorView> errors) {
    }

    static View view(Instrument instrument, Locale locale, Map<String, List<String>> values, List<Violation> violations,
                     ViolationMessages messages) {
        String lang = locale.getLanguage();
        Map<String, String> errors = new LinkedHashMap<>();
        List<ErrorView> summary = new ArrayList<>();
        for (Violation v : violations) {
            String q = v.path().startsWith("answers.") ? v.path().substring("answers.".length()) : null;
            if (q != null && q.indexOf('.') > 0) {
                q = q.substring(0, q.indexOf('.'));
            }
            String text = messages.message(v, locale);
            if (q != null && instrument.question(q).isPresent()) {
                if (errors.putIfAbsent(q, text) == null) {
                    summary.add(new ErrorView(FIELD + q, instrument.localize(instrument.question(q).get().text(), lang) + ": " + text));
                }
            } else {
                summary.add(new ErrorView(null, text));
            }
        }
        List<SectionView> sections = new ArrayList<>();
        int number = 0;
        for (Section s : instrument.sections()) {
            List<QuestionView> qs = new ArrayList<>();
            for (Question q : s.questions()) {
                number++;
                qs.add(question(instrument, q, number, lang, values.getOrDefault(FIELD + q.id(), List.of()), errors.get(q.id())));
            }
            sections.add(new SectionView(s.id(), instrument.localize(s.title(), lang), qs));
        }
        return new View(sections, summary);
    }

    private static QuestionView question(Instrument instrument, Question q, int number, String lang, List<String> chosen,
                                         String error) {
        String name = FIELD + q.id();
        Optional<Condition> showIf = q.showIf();
        String showIfQuestion = null;
        String showIfCodes = null;
        if (showIf.isPresent() && showIf.get() instanceof Condition.Chosen c) {
            showIfQuestion = c.question();
            showIfCodes = String.join(" ", c.codes());
        }
        List<Option> options = new ArrayList<>();
        String input;
        int maxLength = 0;
        if (q instanceof RatingQuestion r) {
            input = "radio";
            scale(options, instrument, name, r.scale(), chosen, lang);
        } else if (q instanceof NpsQuestion n) {
            input = "radio";
            scale(options, instrument, name, n.scale(), chosen, lang);
        } else if (q instanceof ChoiceQuestion c) {
            input = c.multiple() ? "checkbox" : "radio";
            for (ChoiceOption o : c.options()) {
                options.add(option(name, o.code(), instrument.localize(o.label(), lang), chosen.contains(o.code())));
            }
        } else if (q instanceof NumberQuestion) {
            input = "number";
        } else {
            input = "text";
            maxLength = q instanceof TextQuestion t ? t.maxLength() : 500;
        }
        return new QuestionView(name, number, instrument.localize(q.text(), lang), instrument.localize(q.help(), lang),
            q.required(), showIf.isPresent(), showIfQuestion, showIfCodes, input, options, chosen.isEmpty() ? "" : chosen.get(0),
            maxLength, error);
    }

    private static void scale(List<Option> out, Instrument instrument, String name, Scale scale, List<String> chosen, String lang) {
        for (int v = scale.min(); v <= scale.max(); v++) {
            Optional<LocalizedText> label = scale.label(v);
            String text = label.map(l -> instrument.localize(l, lang)).orElse("");
            String value = Integer.toString(v);
            out.add(option(name, value, text.isEmpty() ? value : value + " \u2013 " + text, chosen.contains(value)));
        }
        for (SpecialCode sc : scale.specialCodes()) {
            String value = SPECIAL + sc.status().jsonName();
            out.add(option(name, value, instrument.localize(sc.label(), lang), chosen.contains(value)));
        }
    }

    private static Option option(String name, String value, String label, boolean checked) {
        return new Option(name + "-" + value.replace(':', '-').replace('_', '-'), value, label, checked);
    }

    /**
     * Builds a complete response from the form fields.
     *
     * @param instrument the instrument
     * @param responseId the response id
     * @param transaction the transaction rated (from the portal's record)
     * @param province the province (from the portal's record)
     * @param form the form fields
     * @param now the submission time
     * @return the response, still to be validated
     */
    static Response fromForm(Instrument instrument, String responseId, Transaction transaction, String province,
                             Map<String, List<String>> form, Instant now) {
        Response.Builder b = Response.builder(responseId, instrument.id(), instrument.version());
        for (Question q : instrument.questions()) {
            List<String> raw = form.getOrDefault(FIELD + q.id(), List.of()).stream().filter(s -> !s.isBlank()).toList();
            if (raw.isEmpty()) {
                continue;
            }
            String first = raw.get(0).strip();
            if (q instanceof ChoiceQuestion) {
                b.choice(q.id(), raw.toArray(new String[0]));
            } else if (q instanceof TextQuestion) {
                b.text(q.id(), raw.get(0));
            } else if (first.startsWith(SPECIAL)) {
                Optional<SpecialStatus> s = SpecialStatus.fromJsonName(first.substring(SPECIAL.length()));
                if (s.isPresent()) {
                    b.special(q.id(), s.get());
                } else {
                    b.text(q.id(), first);
                }
            } else {
                try {
                    b.answer(q.id(), Double.parseDouble(first));
                } catch (NumberFormatException e) {
                    b.text(q.id(), first);
                }
            }
        }
        return withTransaction(instrument, b.build(), responseId, transaction, province, now);
    }

    /**
     * A response with the given answers (those whose question is shown) and the portal's transaction,
     * province and time: whatever else the client sent is not used.
     *
     * @param instrument the instrument
     * @param answers a response holding the answers
     * @param responseId the response id
     * @param transaction the transaction
     * @param province the province
     * @param now the submission time
     * @return the response
     */
    static Response withTransaction(Instrument instrument, Response answers, String responseId, Transaction transaction,
                                    String province, Instant now) {
        Condition.Facts facts = answers.facts();
        Response.Builder shown = Response.builder(responseId, instrument.id(), instrument.version())
            .transaction(transaction).respondent("province", province).submittedAt(now);
        for (Map.Entry<String, Answer> e : answers.answers().entrySet()) {
            Optional<Condition> showIf = instrument.question(e.getKey()).flatMap(Question::showIf);
            if (showIf.isEmpty() || showIf.get().test(facts)) {
                shown.answer(e.getKey(), e.getValue());
            }
        }
        return shown.build();
    }

    /**
     * The form values that are about questions, to show again after a failed submission.
     *
     * @param form the form
     * @return the values by field
     */
    static Map<String, List<String>> answerFields(Map<String, List<String>> form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith(FIELD)) {
                out.put(k, v);
            }
        });
        return out;
    }
}

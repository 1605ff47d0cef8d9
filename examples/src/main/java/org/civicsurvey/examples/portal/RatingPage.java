package org.civicsurvey.examples.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.Violation;

/**
 * The rating page of a case file, rendered on the server from the instrument: one
 * {@code fieldset} with a {@code legend} per question, radio buttons stacked vertically (they wrap
 * into a row only on wide screens), the scale's special answers (don't know, not applicable) as
 * further options, an error summary that links to each question, and the error next to each
 * question ({@code aria-describedby}, {@code aria-invalid}). No answer is preselected and no HTML
 * {@code required} attribute is used: the server validates, so the same rules hold with or without
 * JavaScript.
 */
final class RatingPage {
    /** Form field prefix of a question's answer. */
    static final String FIELD = "q_";
    /** Form value prefix of a special answer: {@code special:dont_know}. */
    static final String SPECIAL = "special:";

    private RatingPage() {
    }

    /**
     * Renders the form.
     *
     * @param instrument the instrument
     * @param lang vi or en
     * @param transaction the transaction being rated
     * @param responseId the response id the form submits (a retry is idempotent)
     * @param values the form values to show again, by field name
     * @param violations the problems of the previous submission (empty on first display)
     * @return the page
     */
    static String render(Instrument instrument, String lang, Transaction transaction, String responseId,
                         Map<String, List<String>> values, List<Violation> violations) {
        String caseFile = transaction.caseFileId().orElse("");
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (Violation v : violations) {
            String q = v.path().startsWith("answers.") ? v.path().substring("answers.".length()) : null;
            if (q != null && q.indexOf('.') > 0) {
                q = q.substring(0, q.indexOf('.'));
            }
            if (q != null && instrument.question(q).isPresent()) {
                errors.putIfAbsent(q, message(lang, v));
            } else {
                general.add(v.path() + ": " + v.message());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<header class=\"top\"><a class=\"lang\" href=\"?lang=").append("en".equals(lang) ? "vi" : "en")
            .append("\" hreflang=\"").append("en".equals(lang) ? "vi" : "en").append("\">")
            .append(Html.escape(Texts.get(lang, "nav.language"))).append("</a></header>\n");
        b.append("<main id=\"main\">\n<h1>").append(Html.escape(Texts.get(lang, "rate.title"))).append("</h1>\n");
        b.append("<p class=\"lead\">").append(Html.escape(instrument.localize(instrument.title(), lang))).append("</p>\n");
        b.append("<dl class=\"case\"><dt>").append(Html.escape(Texts.get(lang, "rate.caseFile"))).append("</dt><dd>")
            .append(Html.escape(caseFile)).append("</dd>");
        transaction.agency().ifPresent(a -> b.append("<dt>").append(Html.escape(Texts.get(lang, "rate.agency")))
            .append("</dt><dd>").append(Html.escape(Names.agency(a, lang))).append("</dd>"));
        transaction.service().ifPresent(s -> b.append("<dt>").append(Html.escape(Texts.get(lang, "rate.service")))
            .append("</dt><dd>").append(Html.escape(Names.service(s, lang))).append("</dd>"));
        b.append("</dl>\n<p>").append(Html.escape(Texts.get(lang, "rate.intro"))).append("</p>\n");
        if (!errors.isEmpty() || !general.isEmpty()) {
            b.append("<div class=\"summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\">")
                .append("<h2 id=\"error-summary-title\">").append(Html.escape(Texts.get(lang, "rate.errors"))).append("</h2><p>")
                .append(Html.escape(Texts.format(lang, "rate.errorCount", errors.size() + general.size()))).append("</p><ul>");
            for (Map.Entry<String, String> e : errors.entrySet()) {
                Question q = instrument.question(e.getKey()).orElseThrow();
                b.append("<li><a href=\"#").append(Html.escape(FIELD + q.id())).append("\">")
                    .append(Html.escape(instrument.localize(q.text(), lang))).append(": ")
                    .append(Html.escape(e.getValue())).append("</a></li>");
            }
            for (String g : general) {
                b.append("<li>").append(Html.escape(g)).append("</li>");
            }
            b.append("</ul></div>\n");
        }
        b.append("<form method=\"post\" action=\"/rate/").append(Html.escape(Html.url(caseFile)))
            .append("\" accept-charset=\"utf-8\" novalidate>\n");
        b.append("<input type=\"hidden\" name=\"responseId\" value=\"").append(Html.escape(responseId)).append("\">\n");
        b.append("<input type=\"hidden\" name=\"lang\" value=\"").append(Html.escape(lang)).append("\">\n");
        int number = 0;
        for (Section s : instrument.sections()) {
            b.append("<section aria-labelledby=\"s_").append(Html.escape(s.id())).append("\"><h2 id=\"s_")
                .append(Html.escape(s.id())).append("\">").append(Html.escape(instrument.localize(s.title(), lang)))
                .append("</h2>\n");
            for (Question q : s.questions()) {
                number++;
                question(b, instrument, q, number, lang, values.getOrDefault(FIELD + q.id(), List.of()), errors.get(q.id()));
            }
            b.append("</section>\n");
        }
        b.append("<button type=\"submit\" class=\"submit\">").append(Html.escape(Texts.get(lang, "rate.submit")))
            .append("</button>\n</form>\n</main>\n");
        return Html.page(lang, Texts.get(lang, "rate.title") + " " + caseFile, b.toString());
    }

    private static void question(StringBuilder b, Instrument instrument, Question q, int number, String lang,
                                 List<String> chosen, String error) {
        String name = FIELD + q.id();
        String errorId = name + "-error";
        String helpId = name + "-help";
        String help = instrument.localize(q.help(), lang);
        List<String> describedBy = new ArrayList<>();
        if (!help.isEmpty()) {
            describedBy.add(helpId);
        }
        if (error != null) {
            describedBy.add(errorId);
        }
        b.append("<fieldset class=\"item").append(error != null ? " invalid" : "").append("\" id=\"").append(Html.escape(name))
            .append("\"");
        if (!describedBy.isEmpty()) {
            b.append(" aria-describedby=\"").append(Html.escape(String.join(" ", describedBy))).append("\"");
        }
        if (error != null) {
            b.append(" aria-invalid=\"true\"");
        }
        Optional<Condition> showIf = q.showIf();
        if (showIf.isPresent() && showIf.get() instanceof Condition.Chosen c) {
            b.append(" data-show-if=\"").append(Html.escape(c.question())).append("\" data-show-if-codes=\"")
                .append(Html.escape(String.join(" ", c.codes()))).append("\"");
        }
        b.append(">\n<legend><span class=\"num\">").append(number).append(".</span> ")
            .append(Html.escape(instrument.localize(q.text(), lang)));
        if (q.required()) {
            b.append(" <span class=\"req\">(").append(Html.escape(Texts.get(lang, "rate.required"))).append(")</span>");
        }
        b.append("</legend>\n");
        if (showIf.isPresent()) {
            b.append("<p class=\"hint\">").append(Html.escape(Texts.get(lang, "rate.showIf"))).append("</p>\n");
        }
        if (!help.isEmpty()) {
            b.append("<p class=\"hint\" id=\"").append(Html.escape(helpId)).append("\">").append(Html.escape(help)).append("</p>\n");
        }
        if (error != null) {
            b.append("<p class=\"error\" id=\"").append(Html.escape(errorId)).append("\">").append(Html.escape(error)).append("</p>\n");
        }
        b.append("<div class=\"options\">\n");
        if (q instanceof RatingQuestion r) {
            scale(b, instrument, name, r.scale(), chosen, lang);
        } else if (q instanceof NpsQuestion n) {
            scale(b, instrument, name, n.scale(), chosen, lang);
        } else if (q instanceof ChoiceQuestion c) {
            String type = c.multiple() ? "checkbox" : "radio";
            for (ChoiceOption o : c.options()) {
                option(b, type, name, o.code(), instrument.localize(o.label(), lang), chosen.contains(o.code()));
            }
        } else if (q instanceof NumberQuestion) {
            b.append("<input type=\"text\" inputmode=\"decimal\" name=\"").append(Html.escape(name)).append("\" id=\"")
                .append(Html.escape(name)).append("-input\" aria-label=\"").append(Html.escape(instrument.localize(q.text(), lang)))
                .append("\" value=\"").append(Html.escape(chosen.isEmpty() ? "" : chosen.get(0))).append("\">\n");
        } else if (q instanceof TextQuestion t) {
            b.append("<textarea name=\"").append(Html.escape(name)).append("\" rows=\"3\" maxlength=\"").append(t.maxLength())
                .append("\" aria-label=\"").append(Html.escape(instrument.localize(q.text(), lang))).append("\">")
                .append(Html.escape(chosen.isEmpty() ? "" : chosen.get(0))).append("</textarea>\n");
        }
        b.append("</div>\n</fieldset>\n");
    }

    private static void scale(StringBuilder b, Instrument instrument, String name, Scale scale, List<String> chosen, String lang) {
        for (int v = scale.min(); v <= scale.max(); v++) {
            Optional<LocalizedText> label = scale.label(v);
            String text = label.map(l -> instrument.localize(l, lang)).filter(s -> !s.isEmpty()).map(s -> s).orElse("");
            String value = Integer.toString(v);
            option(b, "radio", name, value, text.isEmpty() ? value : value + " \u2013 " + text, chosen.contains(value));
        }
        for (SpecialCode sc : scale.specialCodes()) {
            String value = SPECIAL + sc.status().jsonName();
            option(b, "radio", name, value, instrument.localize(sc.label(), lang), chosen.contains(value));
        }
    }

    private static void option(StringBuilder b, String type, String name, String value, String label, boolean checked) {
        String id = name + "-" + value.replace(':', '-');
        b.append("<div class=\"option\"><input type=\"").append(type).append("\" name=\"").append(Html.escape(name))
            .append("\" id=\"").append(Html.escape(id)).append("\" value=\"").append(Html.escape(value)).append("\"")
            .append(checked ? " checked" : "").append("><label for=\"").append(Html.escape(id)).append("\">")
            .append(Html.escape(label)).append("</label></div>\n");
    }

    private static String message(String lang, Violation v) {
        if (v.rule() == Rule.MISSING_REQUIRED) {
            return Texts.get(lang, "rate.missing");
        }
        return "en".equals(lang) ? v.message() : Texts.get(lang, "rate.invalid") + " (" + v.message() + ")";
    }

    /**
     * Builds a complete response from the form fields; answers to questions whose show-if
     * condition is false are dropped (a phone without JavaScript shows every question).
     *
     * @param instrument the instrument
     * @param responseId the response id
     * @param transaction the transaction rated
     * @param form the form fields
     * @param now the submission time
     * @return the response, still to be validated
     */
    static Response fromForm(Instrument instrument, String responseId, Transaction transaction,
                             Map<String, List<String>> form, Instant now) {
        Response.Builder b = Response.builder(responseId, instrument.id(), instrument.version())
            .transaction(transaction).submittedAt(now);
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
        Response all = b.build();
        Condition.Facts facts = all.facts();
        Response.Builder shown = Response.builder(responseId, instrument.id(), instrument.version())
            .transaction(transaction).submittedAt(now);
        for (Map.Entry<String, Answer> e : all.answers().entrySet()) {
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

    /**
     * A short page: a heading, a paragraph and links.
     *
     * @param lang the language
     * @param title the heading
     * @param body the paragraph (escaped here)
     * @return the page
     */
    static String message(String lang, String title, String body) {
        return Html.page(lang, title, "<main id=\"main\"><h1>" + Html.escape(title) + "</h1><p>" + Html.escape(body)
            + "</p><p><a href=\"/dashboard?lang=" + Html.escape(lang) + "\">" + Html.escape(Texts.get(lang, "nav.dashboard"))
            + "</a></p></main>");
    }

    static Set<String> languages() {
        return Set.of("vi", "en");
    }
}

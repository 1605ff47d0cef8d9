package org.civicsurvey.examples.portal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.civicsurvey.jdbc.ResponseConflictException;
import org.civicsurvey.jdbc.ResponseValidationException;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.spring.boot.ResponseRecorder;
import org.civicsurvey.spring.boot.ViolationMessages;
import org.civicsurvey.validation.Violation;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The rating page of a case file, reached through the signed link the portal issued when the case
 * file completed: {@code GET /rate/{caseFileId}?t=...} shows the form, {@code POST} the same path
 * stores the rating once (the store's one-response-per-case-file rule decides a race) and shows the
 * thanks page, or the form again with every problem.
 */
@Controller
public class RatingController {
    private final Instrument instrument;
    private final CaseFileRegistry caseFiles;
    private final RatingLinks links;
    private final ResponseRecorder recorder;
    private final ViolationMessages messages;
    private final Names names;
    private final Clock clock;
    private final SurveyStore store;

    RatingController(Instrument portalInstrument, CaseFileRegistry caseFiles, RatingLinks links, ResponseRecorder recorder,
                     ViolationMessages messages, Names names, Clock clock, SurveyStore store) {
        this.store = store;
        this.instrument = portalInstrument;
        this.caseFiles = caseFiles;
        this.links = links;
        this.recorder = recorder;
        this.messages = messages;
        this.names = names;
        this.clock = clock;
    }

    @GetMapping("/rate/{caseFileId}")
    String form(@PathVariable String caseFileId, @RequestParam(name = "t", required = false) String token, Locale locale,
                Model model, HttpServletResponse http) {
        Optional<String> refused = refusal(caseFileId, token, model, http);
        if (refused.isPresent()) {
            return refused.get();
        }
        CaseFileRegistry.CaseFile cf = caseFiles.find(caseFileId).orElseThrow();
        if (!store.responseIdsForCaseFile(caseFileId).isEmpty()) {
            return message(model, http, 409, "rate.already.title", "rate.already.body");
        }
        return render(model, cf, token, "web-" + UUID.randomUUID(), Map.of(), List.of(), locale);
    }

    @PostMapping("/rate/{caseFileId}")
    String submit(@PathVariable String caseFileId, @RequestParam(name = "t", required = false) String token,
                  @RequestParam MultiValueMap<String, String> form, Locale locale, Model model, HttpServletResponse http) {
        Optional<String> refused = refusal(caseFileId, token, model, http);
        if (refused.isPresent()) {
            return refused.get();
        }
        CaseFileRegistry.CaseFile cf = caseFiles.find(caseFileId).orElseThrow();
        String responseId = Optional.ofNullable(form.getFirst("responseId"))
            .filter(s -> s.matches(Response.ID_REGEX) && s.length() <= 64).orElse("web-" + UUID.randomUUID());
        Response r = RatingForm.fromForm(instrument, responseId, cf.transaction(), cf.province(), form, clock.instant());
        try {
            SaveOutcome outcome = recorder.save(r);
            model.addAttribute("caseFileId", caseFileId);
            model.addAttribute("duplicate", outcome == SaveOutcome.DUPLICATE);
            return "thanks";
        } catch (ResponseValidationException e) {
            http.setStatus(422);
            return render(model, cf, token, responseId, RatingForm.answerFields(form), e.report().violations(), locale);
        } catch (ResponseConflictException e) {
            return message(model, http, 409, "rate.already.title", "rate.already.body");
        }
    }

    /** The page that refuses a link, or empty when the link is good and the case file known. */
    private Optional<String> refusal(String caseFileId, String token, Model model, HttpServletResponse http) {
        Optional<RatingLinks.Refusal> bad = links.check(caseFileId, token);
        if (bad.isPresent()) {
            return Optional.of(bad.get() == RatingLinks.Refusal.EXPIRED
                ? message(model, http, 410, "rate.expired.title", "rate.expired.body")
                : message(model, http, 403, "rate.invalid.title", "rate.invalid.body"));
        }
        if (caseFiles.find(caseFileId).isEmpty()) {
            return Optional.of(message(model, http, 404, "rate.unknown.title", "rate.unknown.body"));
        }
        return Optional.empty();
    }

    private String render(Model model, CaseFileRegistry.CaseFile cf, String token, String responseId,
                          Map<String, List<String>> values, List<Violation> violations, Locale locale) {
        model.addAttribute("form", RatingForm.view(instrument, locale, values, violations, messages));
        model.addAttribute("instrumentTitle", instrument.localize(instrument.title(), locale.getLanguage()));
        model.addAttribute("caseFileId", cf.id());
        model.addAttribute("agency", names.name("agency", cf.agency(), locale));
        model.addAttribute("service", names.name("service", cf.service(), locale));
        model.addAttribute("token", token);
        model.addAttribute("responseId", responseId);
        return "rate";
    }

    static String message(Model model, HttpServletResponse http, int status, String title, String body) {
        http.setStatus(status);
        model.addAttribute("titleKey", title);
        model.addAttribute("bodyKey", body);
        return "message";
    }
}

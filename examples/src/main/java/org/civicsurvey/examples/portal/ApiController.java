package org.civicsurvey.examples.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.civicsurvey.examples.portal.IndexService.GroupIndex;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.json.JsonProblem;
import org.civicsurvey.jdbc.ResponseConflictException;
import org.civicsurvey.jdbc.ResponseValidationException;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.spring.boot.ResponseRecorder;
import org.civicsurvey.spring.boot.ViolationMessages;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.validation.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The portal's JSON API (described at {@code /v3/api-docs}): instruments, a case file's rating
 * through its signed link, the indices, and (administrators, HTTP Basic) completing a case file.
 */
@RestController
@Tag(name = "CivicSurvey portal")
public class ApiController {
    private final Instrument instrument;
    private final CaseFileRegistry caseFiles;
    private final RatingLinks links;
    private final ResponseRecorder recorder;
    private final ViolationMessages messages;
    private final IndexService indices;
    private final Clock clock;

    ApiController(Instrument portalInstrument, CaseFileRegistry caseFiles, RatingLinks links, ResponseRecorder recorder,
                  ViolationMessages messages, IndexService indices, Clock clock) {
        this.instrument = portalInstrument;
        this.caseFiles = caseFiles;
        this.links = links;
        this.recorder = recorder;
        this.messages = messages;
        this.indices = indices;
        this.clock = clock;
    }

    /**
     * An error body.
     *
     * @param error a code
     * @param message what happened
     * @param problems each problem with its path
     */
    public record ApiError(String error, String message, List<Problem> problems) {
    }

    /**
     * One problem.
     *
     * @param path where
     * @param message what, in the request's language
     * @param rule the library's rule, if any
     */
    public record Problem(String path, String message, String rule) {
    }

    /**
     * What was stored.
     *
     * @param id the response id
     * @param outcome stored or duplicate
     */
    public record Saved(String id, String outcome) {
    }

    /**
     * A completed case file, from the portal's back office.
     *
     * @param id the case file id
     * @param agency the agency
     * @param service the service
     * @param channel the channel
     * @param province the province
     * @param completedAt when it completed (now when absent)
     */
    public record CompletedCaseFile(String id, String agency, String service, String channel, String province,
                                    Instant completedAt) {
    }

    /**
     * A rating link.
     *
     * @param caseFileId the case file
     * @param ratingPath the link's path with its token
     */
    public record RatingLink(String caseFileId, String ratingPath) {
    }

    @Operation(summary = "The standard instruments", description = "Ids, versions and English titles.")
    @GetMapping("/api/instruments")
    List<Map<String, String>> instruments() {
        List<Map<String, String>> out = new ArrayList<>();
        for (Instrument i : StandardInstruments.all()) {
            out.add(Map.of("id", i.id(), "version", i.version(), "title", i.localize(i.title(), "en"),
                "href", "/api/instruments/" + i.id()));
        }
        return out;
    }

    @Operation(summary = "One standard instrument", description = "In the library's instrument format.")
    @GetMapping("/api/instruments/{id}")
    ResponseEntity<Instrument> instrument(@PathVariable String id) {
        return ResponseEntity.of(StandardInstruments.byId(id));
    }

    @Operation(summary = "Rate a case file", description = "The body is a response in the library's format; only its id "
        + "(a retry with the same id is idempotent) and answers are used: the instrument, agency, service, channel, "
        + "province and time come from the portal's record of the case file. 201 stored, 200 a retry; 400 malformed JSON; "
        + "403 a link the portal did not sign; 404 an unknown case file; 409 already rated; 410 an expired link; "
        + "413 too large; 422 invalid, with every problem and its path; 429 too many submissions.")
    @PostMapping("/api/case-files/{caseFileId}/rating")
    ResponseEntity<Object> rate(@PathVariable String caseFileId,
                                @Parameter(description = "the rating link's token") @RequestParam(name = "t", required = false)
                                String token, @RequestBody Response body, Locale locale) {
        Optional<RatingLinks.Refusal> bad = links.check(caseFileId, token);
        if (bad.isPresent()) {
            return bad.get() == RatingLinks.Refusal.EXPIRED
                ? error(HttpStatus.GONE, "link_expired", "the rating link has expired")
                : error(HttpStatus.FORBIDDEN, "link_invalid", "the rating link is not one this portal issued for this case file");
        }
        Optional<CaseFileRegistry.CaseFile> cf = caseFiles.find(caseFileId);
        if (cf.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "unknown_case_file", "the portal has no completed case file with this id");
        }
        Response r = RatingForm.withTransaction(instrument, body, body.id(), cf.get().transaction(), cf.get().province(),
            clock.instant());
        try {
            SaveOutcome o = recorder.save(r);
            return ResponseEntity.status(o == SaveOutcome.STORED ? 201 : 200)
                .body(new Saved(r.id(), o.name().toLowerCase(Locale.ROOT)));
        } catch (ResponseValidationException e) {
            List<Problem> problems = new ArrayList<>();
            for (Violation v : e.report().violations()) {
                problems.add(new Problem(v.path(), messages.message(v, locale), v.rule().name()));
            }
            return ResponseEntity.unprocessableContent().body(new ApiError("invalid_response", "the rating breaks "
                + problems.size() + " rule(s) of the questionnaire", problems));
        } catch (ResponseConflictException e) {
            return error(HttpStatus.CONFLICT, "case_file_already_rated", "each case file can be rated once");
        }
    }

    @Operation(summary = "The SIPAS index", description = "Overall and by a grouping, in percent, with 95% intervals, "
        + "from the store's rollup; n counts respondents.")
    @GetMapping("/api/indices")
    ResponseEntity<Object> indices(@Parameter(description = "agency, service, channel, province or period")
                                   @RequestParam(required = false) String by) {
        if (by != null && !IndexService.GROUPINGS.contains(by)) {
            return error(HttpStatus.BAD_REQUEST, "bad_parameter", "by must be one of " + IndexService.GROUPINGS);
        }
        IndexService.Indices result = indices.compute(Optional.ofNullable(by));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("instrumentId", instrument.id());
        o.put("instrumentVersion", instrument.version());
        o.put("source", IndexService.SOURCE);
        o.put("unit", "percent");
        o.put("confidenceLevel", 0.95);
        o.put("respondents", result.responses());
        o.put("by", by);
        o.put("overall", group(result.overall()));
        o.put("groups", result.groups().stream().map(ApiController::group).toList());
        return ResponseEntity.ok(o);
    }

    @Operation(summary = "Complete a case file (administrators)", description = "Records what the portal knows about a "
        + "completed case file and returns its signed rating link. 201; 409 when the id is already recorded; 422 a bad field.")
    @PostMapping("/api/admin/case-files")
    ResponseEntity<Object> complete(@RequestBody CompletedCaseFile body) {
        CaseFileRegistry.CaseFile cf;
        try {
            cf = new CaseFileRegistry.CaseFile(body.id(), body.agency(), body.service(), body.channel(), body.province(),
                body.completedAt() == null ? clock.instant() : body.completedAt());
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_case_file", e.getMessage());
        }
        if (!caseFiles.complete(cf)) {
            return error(HttpStatus.CONFLICT, "case_file_exists", "the case file is already recorded");
        }
        return ResponseEntity.status(201).body(new RatingLink(cf.id(), links.path(cf.id(), cf.completedAt())));
    }

    private static Map<String, Object> group(GroupIndex g) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("key", g.key());
        o.put("respondents", g.responses());
        o.put("index", estimate(g.index()));
        Map<String, Object> els = new LinkedHashMap<>();
        g.elements().forEach((k, v) -> els.put(k, estimate(v)));
        o.put("elements", els);
        return o;
    }

    private static Map<String, Object> estimate(Estimate e) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (e == null || !e.isDefined()) {
            o.put("value", null);
            return o;
        }
        o.put("value", e.value());
        o.put("standardError", Double.isFinite(e.standardError()) ? e.standardError() : null);
        o.put("lower", Double.isFinite(e.lower()) ? e.lower() : null);
        o.put("upper", Double.isFinite(e.upper()) ? e.upper() : null);
        o.put("validN", e.validN());
        return o;
    }

    static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(new ApiError(code, message, List.of()));
    }

    /** Malformed JSON is 400; JSON of the wrong shape is 422 with the library's list of problems. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RequestLimits.BodyTooLargeException) {
                return error(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", c.getMessage());
            }
        }
        Throwable t = e;
        while (t != null && !(t instanceof InvalidJsonException)) {
            t = t.getCause();
        }
        if (t instanceof InvalidJsonException json && json.isWellFormed()) {
            List<Problem> problems = new ArrayList<>();
            for (JsonProblem p : json.problems()) {
                problems.add(new Problem(p.path(), p.message(), null));
            }
            return ResponseEntity.unprocessableContent().body(new ApiError("invalid_response",
                "the body does not have the shape of a response", problems));
        }
        return error(HttpStatus.BAD_REQUEST, "malformed_json", "the body is not well-formed JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType() {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "the body must be application/json");
    }
}

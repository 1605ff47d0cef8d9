package org.civicsurvey.examples.portal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.jdbc.BatchResult;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.html.HtmlReport;
import org.civicsurvey.response.Response;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The administrators' pages (login required): the full SIPAS report, the CSV import of ratings
 * collected elsewhere (paper, phone), the erasure of a respondent's rating, and rating links for
 * completed case files.
 */
@Controller
public class AdminController {
    private final SurveyStore store;
    private final Instrument instrument;
    private final Dashboard dashboard;
    private final CaseFileRegistry caseFiles;
    private final RatingLinks links;
    private final Clock clock;

    AdminController(SurveyStore store, Instrument portalInstrument, Dashboard dashboard, CaseFileRegistry caseFiles,
                    RatingLinks links, Clock clock) {
        this.store = store;
        this.instrument = portalInstrument;
        this.dashboard = dashboard;
        this.caseFiles = caseFiles;
        this.links = links;
        this.clock = clock;
    }

    @GetMapping("/admin")
    String index() {
        return "admin";
    }

    /**
     * The library's full report page; it is self-contained (inline style and one inline script), so
     * it gets its own content security policy.
     */
    @GetMapping("/admin/report")
    ResponseEntity<String> report(@RequestParam(defaultValue = "agency") String by, Locale locale) {
        String grouping = Dashboard.GROUPINGS.contains(by) ? by : "agency";
        Optional<Report> report = dashboard.report(grouping, locale);
        if (report.isEmpty()) {
            return ResponseEntity.status(303).header("Location", "/admin?empty").build();
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
            .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                + "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
            .body(HtmlReport.render(report.get()));
    }


    @PostMapping("/admin/import")
    String importCsv(@RequestParam("file") MultipartFile file, Model model, HttpServletResponse http) throws IOException {
        List<Response> rows = new ArrayList<>();
        ImportResult read;
        try (InputStream in = file.getInputStream()) {
            read = WideCsvImporter.create(instrument, DemoData.csvLayout()).read(in, rows::add);
        }
        BatchResult saved = store.saveAll(rows);
        model.addAttribute("rowsRead", read.rowsRead());
        model.addAttribute("rejected", read.rejected());
        model.addAttribute("rowErrors", read.errors().stream().limit(20).map(Object::toString).toList());
        model.addAttribute("stored", saved.count(SaveOutcome.STORED));
        model.addAttribute("duplicates", saved.count(SaveOutcome.DUPLICATE));
        model.addAttribute("invalid", saved.count(SaveOutcome.INVALID));
        model.addAttribute("conflicts", saved.count(SaveOutcome.CONFLICT));
        if (read.rejected() > 0 || saved.count(SaveOutcome.INVALID) > 0) {
            http.setStatus(422);
        }
        return "admin";
    }

    @PostMapping("/admin/erase")
    String erase(@RequestParam(defaultValue = "") String caseFileId, @RequestParam(defaultValue = "") String responseId,
                 Model model) {
        List<String> ids = new ArrayList<>();
        if (!responseId.isBlank()) {
            ids.add(responseId.strip());
        } else if (CaseFileRegistry.isWellFormed(caseFileId.strip())) {
            ids.addAll(store.responseIdsForCaseFile(caseFileId.strip()));
        }
        int erased = 0;
        for (String id : ids) {
            if (id.length() <= 64 && store.erase(id)) {
                erased++;
            }
        }
        model.addAttribute("erased", erased);
        return "admin";
    }

    @PostMapping("/admin/case-files")
    String issueLink(@RequestParam String caseFileId, @RequestParam String agency, @RequestParam String service,
                     @RequestParam String channel, @RequestParam String province, Model model, HttpServletResponse http) {
        CaseFileRegistry.CaseFile cf;
        try {
            cf = new CaseFileRegistry.CaseFile(caseFileId.strip(), agency.strip(), service.strip(), channel.strip(),
                province.strip(), clock.instant());
        } catch (IllegalArgumentException e) {
            http.setStatus(422);
            model.addAttribute("linkError", true);
            return "admin";
        }
        if (!caseFiles.complete(cf)) {
            http.setStatus(409);
            model.addAttribute("linkTaken", true);
            return "admin";
        }
        model.addAttribute("link", links.path(cf.id(), cf.completedAt()));
        return "admin";
    }
}

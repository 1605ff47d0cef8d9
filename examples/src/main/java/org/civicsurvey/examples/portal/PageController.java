package org.civicsurvey.examples.portal;

import java.util.Locale;

import org.civicsurvey.report.html.HtmlReport;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The public pages: the dashboard, the login page, and the charts' style sheet. */
@Controller
public class PageController {
    private final Dashboard dashboard;

    PageController(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/dashboard";
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(defaultValue = "agency") String by, Locale locale, Model model) {
        String grouping = Dashboard.GROUPINGS.contains(by) ? by : "agency";
        model.addAttribute("by", grouping);
        model.addAttribute("groupings", Dashboard.GROUPINGS);
        model.addAttribute("view", dashboard.view(grouping, locale));
        return "dashboard";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    /**
     * The library's chart styles, so the charts look as in the library's report.
     *
     * @return the CSS
     */
    @GetMapping("/static/report.css")
    ResponseEntity<String> reportCss() {
        return ResponseEntity.ok().contentType(new MediaType("text", "css", java.nio.charset.StandardCharsets.UTF_8))
            .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(HtmlReport.css());
    }
}

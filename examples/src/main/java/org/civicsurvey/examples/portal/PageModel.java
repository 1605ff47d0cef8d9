package org.civicsurvey.examples.portal;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/** What every page's header needs: the other language and the same page in it. */
@ControllerAdvice
public class PageModel {
    /** Created by Spring. */
    public PageModel() {
    }

    /**
     * The other language's code.
     *
     * @param locale the page's locale
     * @return {@code en} on a Vietnamese page, else {@code vi}
     */
    @ModelAttribute("otherLang")
    public String otherLang(Locale locale) {
        return "vi".equals(locale.getLanguage()) ? "en" : "vi";
    }

    /**
     * This page in the other language (a relative URL; a form's page links to the form).
     *
     * @param request the request
     * @param locale the page's locale
     * @return the URL
     */
    @ModelAttribute("otherLangUrl")
    public String otherLangUrl(HttpServletRequest request, Locale locale) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/error")) {
            path = "/dashboard";
        }
        return UriComponentsBuilder.fromPath(path).query(request.getQueryString()).replaceQueryParam("lang", otherLang(locale))
            .build().toUriString();
    }
}

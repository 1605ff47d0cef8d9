package org.civicsurvey.spring.boot;

import java.util.Locale;
import java.util.Objects;

import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.Violation;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The library's validation messages in the reader's language. A {@link Violation} carries an
 * English message and its {@link Rule}; this looks the rule up as {@code civicsurvey.violation.RULE}
 * (for example {@code civicsurvey.violation.OUT_OF_RANGE}) in the application's
 * {@link MessageSource} first, then in the starter's own messages (Vietnamese and English), with
 * the path as argument {@code {0}} and the library's English message as {@code {1}}. A rule no
 * bundle names keeps the library's message.
 */
public class ViolationMessages {
    /** The prefix of the message codes. */
    public static final String PREFIX = "civicsurvey.violation.";
    private final MessageSource application;
    private final ResourceBundleMessageSource own = new ResourceBundleMessageSource();

    /**
     * Creates the lookup.
     *
     * @param application the application's messages, or null for the starter's own only
     */
    public ViolationMessages(MessageSource application) {
        this.application = application;
        own.setBasename("org/civicsurvey/spring/boot/messages");
        own.setDefaultEncoding("UTF-8");
        own.setFallbackToSystemLocale(false);
    }

    /**
     * A violation's message.
     *
     * @param violation the violation
     * @param locale the reader's locale
     * @return the message in that language (or English)
     */
    public String message(Violation violation, Locale locale) {
        Objects.requireNonNull(violation, "violation");
        Locale l = locale == null ? Locale.ENGLISH : locale;
        String code = PREFIX + violation.rule().name();
        Object[] args = {violation.path(), violation.message()};
        if (application != null) {
            String found = application.getMessage(code, args, null, l);
            if (found != null) {
                return found;
            }
        }
        try {
            return own.getMessage(code, args, l);
        } catch (NoSuchMessageException e) {
            return violation.message();
        }
    }
}

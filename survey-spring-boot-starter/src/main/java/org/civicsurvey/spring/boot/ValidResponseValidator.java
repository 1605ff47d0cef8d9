package org.civicsurvey.spring.boot;

import java.util.Locale;
import java.util.Optional;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * The check behind {@link ValidResponse}; Spring creates it with the starter's beans.
 */
public class ValidResponseValidator implements ConstraintValidator<ValidResponse, Response> {
    private final SurveyStore store;
    private final ResponseValidator validator;
    private final ViolationMessages messages;

    /**
     * Created by Spring's constraint validator factory.
     *
     * @param store the store holding the instruments
     * @param validator the library's validator
     * @param messages the localised messages
     */
    public ValidResponseValidator(SurveyStore store, ResponseValidator validator, ViolationMessages messages) {
        this.store = store;
        this.validator = validator;
        this.messages = messages;
    }

    @Override
    public boolean isValid(Response response, ConstraintValidatorContext context) {
        if (response == null) {
            return true; // @NotNull says whether one is required
        }
        Locale locale = LocaleContextHolder.getLocale();
        Optional<Instrument> instrument = store.findInstrument(response.instrumentId(), response.instrumentVersion());
        context.disableDefaultConstraintViolation();
        if (instrument.isEmpty()) {
            Violation v = new Violation("instrumentId", "no instrument " + response.instrumentId() + " version "
                + response.instrumentVersion() + " is stored", Rule.WRONG_INSTRUMENT);
            add(context, v, locale);
            return false;
        }
        ValidationReport report = validator.validate(instrument.get(), response);
        for (Violation v : report.violations()) {
            add(context, v, locale);
        }
        return report.isValid();
    }

    private void add(ConstraintValidatorContext context, Violation v, Locale locale) {
        context.buildConstraintViolationWithTemplate(escape(messages.message(v, locale)))
            .addPropertyNode(v.path()).addConstraintViolation();
    }

    /** Escapes a finished message so that message interpolation leaves it as it is. */
    static String escape(String message) {
        StringBuilder b = new StringBuilder(message.length() + 8);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '{' || c == '}' || c == '$' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}

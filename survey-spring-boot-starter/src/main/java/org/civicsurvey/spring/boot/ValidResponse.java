package org.civicsurvey.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Bean Validation for a posted {@link org.civicsurvey.response.Response}: with Spring Boot's
 * validation, {@code @Valid @ValidResponse @RequestBody Response r} checks the response against
 * its instrument as stored in the store (every rule of the library's
 * {@link org.civicsurvey.validation.ResponseValidator}), and reports each violation at its path
 * ({@code answers.q7}) with its message in the request's language ({@link ViolationMessages}). A
 * response naming an instrument the store does not hold is invalid at {@code instrumentId}.
 *
 * <p>The check runs inside a Spring application only (its validator is created by Spring, with the
 * store and the messages injected).
 */
@Documented
@Constraint(validatedBy = ValidResponseValidator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidResponse {
    /**
     * The message when the instrument is not stored.
     *
     * @return the message template
     */
    String message() default "{civicsurvey.violation.UNKNOWN_INSTRUMENT}";

    /**
     * Validation groups.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Payload.
     *
     * @return the payload
     */
    Class<? extends Payload>[] payload() default {};
}

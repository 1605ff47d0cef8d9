package org.civicsurvey.response;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Ids;

/**
 * One person's answers to one instrument version.
 *
 * <p>A response holds data as submitted; it is checked by
 * {@code org.civicsurvey.validation.ResponseValidator}. Field constraints (checked there with
 * Hibernate Validator): {@code id} 1..{@value #MAX_ID_LENGTH} characters of letters, digits,
 * {@code _ . : -} (a client-generated id such as a UUID makes submits idempotent); at most
 * {@value #MAX_ANSWERS} answers; respondent attribute keys are {@linkplain Ids ids}, values at most
 * {@value #MAX_ATTRIBUTE_LENGTH} characters, at most {@value #MAX_ATTRIBUTES} attributes; the
 * weight, when given, positive.
 *
 * @param id the response id
 * @param instrumentId the instrument's id
 * @param instrumentVersion the instrument's version
 * @param status in progress or complete
 * @param answers answers by question id, in the order given
 * @param transaction the transaction rated
 * @param respondent respondent attributes (sex, age band, province, urban/rural, disability...), by key
 * @param weight the sampling or calibration weight, finite when present
 * @param submittedAt when the response was submitted
 */
public record Response(
        @NotBlank @Size(max = MAX_ID_LENGTH) @Pattern(regexp = ID_REGEX, message = "must match " + ID_REGEX) String id,
        @NotBlank @Size(max = Ids.MAX_LENGTH) String instrumentId,
        @NotBlank @Size(max = 32) String instrumentVersion,
        ResponseStatus status,
        @Size(max = MAX_ANSWERS) Map<String, Answer> answers,
        @Valid Transaction transaction,
        @Size(max = MAX_ATTRIBUTES) Map<
                @Pattern(regexp = Ids.REGEX, message = "must be an id matching " + Ids.REGEX) String,
                @NotBlank @Size(max = MAX_ATTRIBUTE_LENGTH) String> respondent,
        @Positive OptionalDouble weight,
        Optional<Instant> submittedAt) {

    /** The pattern of a response id. */
    public static final String ID_REGEX = "[A-Za-z0-9][A-Za-z0-9_.:-]*";
    /** The longest response id. */
    public static final int MAX_ID_LENGTH = 128;
    /** The most answers in one response. */
    public static final int MAX_ANSWERS = 2_000;
    /** The most respondent attributes. */
    public static final int MAX_ATTRIBUTES = 64;
    /** The longest respondent attribute value. */
    public static final int MAX_ATTRIBUTE_LENGTH = 200;

    /**
     * Rejects nulls and a non-finite weight, copies the maps.
     *
     * @param id the response id
     * @param instrumentId the instrument id
     * @param instrumentVersion the instrument version
     * @param status the status
     * @param answers the answers
     * @param transaction the transaction
     * @param respondent the respondent attributes
     * @param weight the weight
     * @param submittedAt the submission time
     */
    public Response {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(instrumentVersion, "instrumentVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(respondent, "respondent");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (weight.isPresent() && !Double.isFinite(weight.getAsDouble())) {
            throw new IllegalArgumentException("weight must be finite, got " + weight.getAsDouble());
        }
        LinkedHashMap<String, Answer> a = new LinkedHashMap<>();
        answers.forEach((k, v) -> a.put(Objects.requireNonNull(k, "answers key"), Objects.requireNonNull(v, "answers." + k)));
        answers = Collections.unmodifiableMap(a);
        TreeMap<String, String> r = new TreeMap<>();
        respondent.forEach((k, v) -> r.put(Objects.requireNonNull(k, "respondent key"), Objects.requireNonNull(v, "respondent." + k)));
        respondent = Collections.unmodifiableMap(r);
    }

    /**
     * Starts building a response.
     *
     * @param id the response id
     * @param instrumentId the instrument id
     * @param instrumentVersion the instrument version
     * @return a builder, status complete, no answers
     */
    public static Builder builder(String id, String instrumentId, String instrumentVersion) {
        return new Builder(id, instrumentId, instrumentVersion);
    }

    /**
     * The answer to a question.
     *
     * @param questionId the question id
     * @return the answer, or empty when unanswered
     */
    public Optional<Answer> answer(String questionId) {
        return Optional.ofNullable(answers.get(questionId));
    }

    /**
     * These answers as facts for show-if conditions.
     *
     * @return a view over {@link #answers()}
     */
    public Condition.Facts facts() {
        return new Condition.Facts() {
            @Override
            public boolean answered(String questionId) {
                return answers.containsKey(questionId);
            }

            @Override
            public Set<String> chosen(String questionId) {
                Answer a = answers.get(questionId);
                return a == null ? Set.of() : Set.copyOf(a.chosen());
            }

            @Override
            public OptionalDouble number(String questionId) {
                Answer a = answers.get(questionId);
                return a == null ? OptionalDouble.empty() : a.number();
            }
        };
    }

    /** Assembles a response. */
    public static final class Builder {
        private final String id;
        private final String instrumentId;
        private final String instrumentVersion;
        private ResponseStatus status = ResponseStatus.COMPLETE;
        private final Map<String, Answer> answers = new LinkedHashMap<>();
        private Transaction transaction = Transaction.none();
        private final Map<String, String> respondent = new TreeMap<>();
        private OptionalDouble weight = OptionalDouble.empty();
        private Optional<Instant> submittedAt = Optional.empty();

        private Builder(String id, String instrumentId, String instrumentVersion) {
            this.id = id;
            this.instrumentId = instrumentId;
            this.instrumentVersion = instrumentVersion;
        }

        /**
         * Sets the status.
         *
         * @param value the status
         * @return this builder
         */
        public Builder status(ResponseStatus value) {
            this.status = value;
            return this;
        }

        /**
         * Adds an answer.
         *
         * @param questionId the question id
         * @param answer the answer
         * @return this builder
         */
        public Builder answer(String questionId, Answer answer) {
            answers.put(questionId, answer);
            return this;
        }

        /**
         * Adds a numeric answer (rating, NPS or number).
         *
         * @param questionId the question id
         * @param value the value
         * @return this builder
         */
        public Builder answer(String questionId, double value) {
            return answer(questionId, Answer.number(value));
        }

        /**
         * Adds a text answer.
         *
         * @param questionId the question id
         * @param text the text
         * @return this builder
         */
        public Builder text(String questionId, String text) {
            return answer(questionId, Answer.text(text));
        }

        /**
         * Adds a choice answer.
         *
         * @param questionId the question id
         * @param codes the option codes
         * @return this builder
         */
        public Builder choice(String questionId, String... codes) {
            return answer(questionId, Answer.choice(codes));
        }

        /**
         * Adds a special answer.
         *
         * @param questionId the question id
         * @param status don't know, not applicable or refused
         * @return this builder
         */
        public Builder special(String questionId, org.civicsurvey.model.SpecialStatus status) {
            return answer(questionId, Answer.special(status));
        }

        /**
         * Sets the transaction.
         *
         * @param value the transaction
         * @return this builder
         */
        public Builder transaction(Transaction value) {
            this.transaction = value;
            return this;
        }

        /**
         * Adds a respondent attribute.
         *
         * @param key the attribute, an id such as {@code sex}
         * @param value the value
         * @return this builder
         */
        public Builder respondent(String key, String value) {
            respondent.put(key, value);
            return this;
        }

        /**
         * Sets the weight.
         *
         * @param value the weight
         * @return this builder
         */
        public Builder weight(double value) {
            this.weight = OptionalDouble.of(value);
            return this;
        }

        /**
         * Sets the submission time.
         *
         * @param value the time
         * @return this builder
         */
        public Builder submittedAt(Instant value) {
            this.submittedAt = Optional.of(value);
            return this;
        }

        /**
         * Builds the response (not yet validated against an instrument).
         *
         * @return the response
         */
        public Response build() {
            return new Response(id, instrumentId, instrumentVersion, status, answers, transaction, respondent, weight, submittedAt);
        }
    }
}

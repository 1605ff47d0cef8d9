package org.civicsurvey.spring.boot;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.civicsurvey.jdbc.ResponseConflictException;
import org.civicsurvey.jdbc.ResponseValidationException;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.SurveyStoreException;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.Violation;

/**
 * Saves responses through the store and counts what happened, for the application's Micrometer
 * registry:
 *
 * <ul>
 *   <li>{@code civicsurvey.responses} (counter), tags {@code outcome} = {@code stored},
 *       {@code updated}, {@code duplicate} or {@code rejected} and {@code reason} = {@code none},
 *       {@code invalid}, {@code case_file_rated} (the case file already has another response),
 *       {@code id_conflict} (the id is stored with other content) or {@code error} (a database error);</li>
 *   <li>{@code civicsurvey.response.violations} (counter), tag {@code rule}: each rule an invalid
 *       response broke (once per response and rule);</li>
 *   <li>{@code civicsurvey.response.save} (timer), tag {@code outcome}: how long each save took,
 *       validation and the database transaction included.</li>
 * </ul>
 *
 * <p>It throws what {@link SurveyStore#save(Response)} throws, after counting it, with two
 * differences: a save refused with a transient database error ({@link java.sql.SQLTransientException},
 * as H2 refuses the second of two simultaneous inserts of one case file) is run again, up to three
 * times; and a database error on a response whose case file, looked up afterwards, holds another
 * response is thrown as the one-per-case-file {@link ResponseConflictException}. Thread-safe.
 */
public class ResponseRecorder {
    private final SurveyStore store;
    private final MeterRegistry registry;

    /**
     * Creates the recorder.
     *
     * @param store the store
     * @param registry where to count
     */
    public ResponseRecorder(SurveyStore store, MeterRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Validates and stores one response, as {@link SurveyStore#save(Response)}, counting the outcome.
     *
     * @param response the response
     * @return the outcome
     * @throws ResponseValidationException when it breaks a rule of its instrument (counted as {@code invalid})
     * @throws ResponseConflictException when the case file already has another response or the id is taken
     */
    public SaveOutcome save(Response response) {
        Objects.requireNonNull(response, "response");
        Timer.Sample sample = Timer.start(registry);
        String outcome = "rejected";
        try {
            SaveOutcome o = saveRetryingTransientErrors(response);
            outcome = o.name().toLowerCase(Locale.ROOT);
            count(outcome, "none");
            return o;
        } catch (ResponseValidationException e) {
            count(outcome, "invalid");
            Set<Rule> rules = EnumSet.noneOf(Rule.class);
            for (Violation v : e.report().violations()) {
                rules.add(v.rule());
            }
            for (Rule r : rules) {
                Counter.builder("civicsurvey.response.violations").description("Rules broken by rejected responses")
                    .tag("rule", r.name().toLowerCase(Locale.ROOT)).register(registry).increment();
            }
            throw e;
        } catch (ResponseConflictException e) {
            count(outcome, caseFileRated(response) ? "case_file_rated" : "id_conflict");
            throw e;
        } catch (SurveyStoreException e) {
            // a database error that left the case file with another response is that conflict
            if (caseFileRated(response)) {
                count(outcome, "case_file_rated");
                ResponseConflictException conflict = new ResponseConflictException("save response " + response.id()
                    + ": its case file already has another response (stored concurrently)");
                conflict.initCause(e);
                throw conflict;
            }
            count(outcome, "error");
            throw e;
        } finally {
            sample.stop(Timer.builder("civicsurvey.response.save").description("Time to validate and store one response")
                .tag("outcome", outcome).register(registry));
        }
    }

    /**
     * Saves, running the save again (up to three more times, 25, 50 and 100 ms later) when the
     * database refused it with a transient error: H2 refuses the second of two simultaneous inserts
     * of one case file as a concurrent update while the first is not yet committed; run again, it
     * meets the committed response as the conflict it is (or is stored if the first rolled back).
     */
    private SaveOutcome saveRetryingTransientErrors(Response response) {
        for (int attempt = 0; ; attempt++) {
            try {
                return store.save(response);
            } catch (ResponseValidationException | ResponseConflictException e) {
                throw e;
            } catch (SurveyStoreException e) {
                if (attempt == 3 || !isTransient(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(25L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLTransientException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the conflict is the case-file rule: the case file holds a response with another id. */
    private boolean caseFileRated(Response response) {
        Optional<String> caseFile = response.transaction().caseFileId();
        return caseFile.isPresent() && store.responseIdsForCaseFile(caseFile.get()).stream()
            .anyMatch(id -> !id.equals(response.id()));
    }

    private void count(String outcome, String reason) {
        Counter.builder("civicsurvey.responses").description("Responses given to the store, by outcome and reason")
            .tag("outcome", outcome).tag("reason", reason).register(registry).increment();
    }
}

package org.civicsurvey.spring.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.SurveyStoreException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Keeps the store's rollup compact in the background and reports how far it lags: every
 * {@code civicsurvey.rollup.compact-interval} it merges the partial rows that saves appended
 * ({@link SurveyStore#compactRollup()}), on one daemon thread. Reads are exact either way (a read
 * sums partial and compacted rows); compaction keeps them fast.
 *
 * <p>Meters: {@code civicsurvey.rollup.lag} (gauge, seconds): the time since the rollup was last
 * compacted, or since start when it has not been yet; {@code civicsurvey.rollup.compaction}
 * (timer): each compaction; {@code civicsurvey.rollup.merged} (gauge): the partial rows the last
 * compaction merged.
 */
public class RollupMaintenance implements InitializingBean, DisposableBean {
    private final SurveyStore store;
    private final Duration interval;
    private final Clock clock;
    private final Timer timer;
    private final AtomicReference<Instant> lastCompaction;
    private volatile long lastMerged;
    private volatile ScheduledExecutorService executor;

    /**
     * Creates the maintenance.
     *
     * @param store the store
     * @param interval how often to compact; zero or negative for never
     * @param registry where to report
     * @param clock the clock
     */
    public RollupMaintenance(SurveyStore store, Duration interval, MeterRegistry registry, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastCompaction = new AtomicReference<>(clock.instant());
        this.timer = Timer.builder("civicsurvey.rollup.compaction").description("Compactions of the store's rollup")
            .register(registry);
        Gauge.builder("civicsurvey.rollup.lag", this, m -> m.lag().toMillis() / 1000.0)
            .description("Seconds since the rollup was last compacted").baseUnit("seconds").register(registry);
        Gauge.builder("civicsurvey.rollup.merged", this, m -> m.lastMerged)
            .description("Partial rollup rows merged by the last compaction").register(registry);
    }

    /**
     * Compacts the rollup now.
     *
     * @return the partial rows merged
     * @throws SurveyStoreException on a database error
     */
    public long compactNow() {
        long merged = timer.record(store::compactRollup);
        lastMerged = merged;
        lastCompaction.set(clock.instant());
        return merged;
    }

    /**
     * The time since the last compaction (or since start).
     *
     * @return the lag
     */
    public Duration lag() {
        Duration d = Duration.between(lastCompaction.get(), clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Starts the background compaction when an interval is set. */
    @Override
    public void afterPropertiesSet() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "civicsurvey-rollup");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        e.scheduleWithFixedDelay(() -> {
            try {
                compactNow();
            } catch (SurveyStoreException ex) {
                // the lag gauge grows and the health indicator reports the database; try again next time
                System.getLogger(RollupMaintenance.class.getName()).log(System.Logger.Level.WARNING,
                    "rollup compaction failed: " + ex.getMessage());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        executor = e;
    }

    /** Stops the background compaction (a compaction under way finishes). */
    @Override
    public void destroy() throws InterruptedException {
        ScheduledExecutorService e = executor;
        if (e != null) {
            e.shutdown();
            e.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}

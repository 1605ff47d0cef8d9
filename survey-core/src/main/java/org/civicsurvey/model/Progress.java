package org.civicsurvey.model;

/**
 * Receives the progress of long work: a CSV import, a batch save, statistics collection, a report,
 * an export. A command line draws a progress bar from it; a server can log it or cancel the work.
 *
 * <p><b>Contract.</b> Calls come from the thread that called the work, in order; within one phase
 * {@code done} never decreases, and the last call of a phase whose total is known has
 * {@code done == total}. {@code total} is {@code -1} when it is not known (a stream of unknown
 * length). Calls are spaced (every chunk, every thousand rows, every table), so a listener may
 * print. An exception thrown by the listener stops the work and reaches the caller unchanged: that
 * is how work is cancelled (what was already committed stays committed, as after any failure).
 *
 * <pre>{@code
 * Progress bar = (phase, done, total) -> System.err.printf("%s: %d of %d %s%n", phase.label(), done, total, phase.unit());
 * ImportResult r = WideCsvImporter.create(instrument, mapping).withProgress(bar).read(path, responses::add);
 * }</pre>
 */
@FunctionalInterface
public interface Progress {
    /** What is being done, and what {@code done} and {@code total} count. */
    enum Phase {
        /** A CSV import's first pass: reading the respondent ids to find repeats; counts bytes. */
        READ_IDS("reading respondent ids", "bytes"),
        /** A CSV import's rows checked and passed on (or rejected); counts data rows. */
        IMPORT("importing rows", "rows"),
        /** A batch save; counts responses committed. */
        SAVE("saving responses", "responses"),
        /** Statistics collection from responses in memory; counts responses. */
        STATISTICS("collecting statistics", "responses"),
        /** A report built from statistics; counts tables. */
        REPORT("building the report", "tables"),
        /** An export; counts responses written. */
        EXPORT("exporting responses", "responses");

        private final String label;
        private final String unit;

        Phase(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        /** @return what is being done, for a person, e.g. {@code importing rows} */
        public String label() {
            return label;
        }

        /** @return what {@code done} and {@code total} count, e.g. {@code rows} */
        public String unit() {
            return unit;
        }
    }

    /**
     * Reports progress.
     *
     * @param phase what is being done
     * @param done units done so far, {@code >= 0}
     * @param total units in all, or {@code -1} when not known
     */
    void update(Phase phase, long done, long total);

    /** @return a listener that ignores every update */
    static Progress none() {
        return (phase, done, total) -> { };
    }
}

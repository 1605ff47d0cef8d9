package org.civicsurvey.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.civicsurvey.model.Progress;

/**
 * A progress bar on stderr for long work, fed by the library's {@link Progress}: redrawn in place on
 * a terminal ({@code importing rows [##########----------]  50%  50,000 / 100,000 rows}), one line
 * per tenth otherwise (e.g. when stderr is a log file). Each phase gets its own bar.
 *
 * <p>Unless it is told to draw every phase, it draws only large work: a phase of more than
 * {@value #LARGE} rows or responses (or {@value #LARGE_BYTES} bytes), and the phases that follow
 * one (a report on a large sample counts tables, which are few); small work finishes before a bar
 * would help.
 */
final class ProgressBar implements Progress {
    /** Rows or responses above which work is large enough for a bar. */
    static final long LARGE = 10_000;
    /** Bytes above which reading is large enough for a bar (about {@value #LARGE} rows). */
    static final long LARGE_BYTES = 1_000_000;
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private final ProgressOption.When when;
    private boolean large;
    private Phase phase;
    private int lastTenth = -1;
    private boolean open;

    /**
     * @param err where the bar goes
     * @param terminal whether it is a terminal (redraw in place) or not (a line per tenth)
     * @param when {@code ALWAYS}: every phase, however small; {@code AUTO}: large work on a terminal; {@code NEVER}
     */
    ProgressBar(PrintWriter err, boolean terminal, ProgressOption.When when) {
        this.err = err;
        this.terminal = terminal;
        this.when = when;
    }

    @Override
    public void update(Phase p, long done, long total) {
        if (p != phase) {
            finishLine();
            phase = p;
            lastTenth = -1;
        }
        long size = Math.max(done, total);
        large |= "bytes".equals(p.unit()) ? size > LARGE_BYTES : !"tables".equals(p.unit()) && size > LARGE;
        boolean draw = when == ProgressOption.When.ALWAYS || when == ProgressOption.When.AUTO && terminal && large;
        if (!draw) {
            return;
        }
        double f = total < 0 ? 0 : total == 0 ? 1 : Math.min(1, (double) done / total);
        if (terminal) {
            err.print("\r" + line(p, f, done, total));
            err.flush();
            open = true;
        } else {
            int tenth = total < 0 ? 0 : (int) (f * 10);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println(line(p, f, done, total));
                err.flush();
            }
        }
    }

    /** Ends the current bar's line, before anything else is written to stderr. */
    void finishLine() {
        if (terminal && open) {
            err.print("\n");
            err.flush();
            open = false;
        }
    }

    static String line(Phase p, double fraction, long done, long total) {
        int filled = (int) Math.round(fraction * WIDTH);
        String of = total < 0 ? String.format(Locale.ROOT, "%,d %s", done, p.unit())
            : String.format(Locale.ROOT, "%,d / %,d %s", done, total, p.unit());
        return String.format(Locale.ROOT, "%-22s [%s%s] %3d%%  %s", p.label(), "#".repeat(filled), "-".repeat(WIDTH - filled),
            Math.round(fraction * 100), of);
    }
}

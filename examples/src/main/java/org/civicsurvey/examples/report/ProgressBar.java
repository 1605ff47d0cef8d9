package org.civicsurvey.examples.report;

import java.io.PrintStream;
import java.util.Locale;

import org.civicsurvey.model.Progress;

/**
 * A progress bar on stderr for long work, fed by the library's {@link Progress}: redrawn in place on
 * a terminal ({@code importing rows [##########----------]  50%  50,000 / 100,000 rows}), one line
 * per tenth otherwise (e.g. when the output is a log file). Each phase gets its own bar.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private Phase phase;
    private int lastTenth = -1;
    private boolean open;

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void update(Phase p, long done, long total) {
        if (p != phase) {
            finishLine();
            phase = p;
            lastTenth = -1;
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
            }
        }
    }

    /** Ends the current bar's line. */
    void finishLine() {
        if (terminal && open) {
            err.print("\n");
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

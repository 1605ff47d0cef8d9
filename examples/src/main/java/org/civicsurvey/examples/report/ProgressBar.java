package org.civicsurvey.examples.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr for long imports: redrawn in place on a terminal
 * ({@code [##########----------]  50%  50,000 / 100,000 rows, 12 rejected}), one line per tenth
 * otherwise (e.g. when the output is a log file).
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final long total;
    private final boolean terminal;
    private int lastTenth = -1;

    ProgressBar(PrintStream err, long total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
    }

    void update(long rowsRead, long imported, long rejected) {
        double f = total == 0 ? 1 : Math.min(1, (double) rowsRead / total);
        if (terminal) {
            err.print("\r" + line(f, rowsRead, rejected));
            err.flush();
        } else {
            int tenth = (int) (f * 10);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println(line(f, rowsRead, rejected));
            }
        }
    }

    void done(long rowsRead, long imported, long rejected) {
        if (terminal) {
            err.print("\r" + line(1, rowsRead, rejected) + "\n");
        } else if (lastTenth < 10) {
            err.println(line(1, rowsRead, rejected));
        }
        err.printf(Locale.ROOT, "imported %,d responses, rejected %,d rows%n", imported, rejected);
    }

    static String line(double fraction, long rows, long rejected) {
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d rows, %,d rejected", "#".repeat(filled), "-".repeat(WIDTH - filled),
            Math.round(fraction * 100), rows, rejected);
    }
}

package org.civicsurvey.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Option;

/** The {@code --progress} option every command with long work shares. */
final class ProgressOption {
    /** When to draw progress bars. */
    enum When {
        /** On a terminal, for work on more than {@value ProgressBar#LARGE} rows. */
        AUTO,
        /** Always, every phase (a line per tenth when stderr is not a terminal). */
        ALWAYS,
        /** Never. */
        NEVER
    }

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
        converter = WhenConverter.class,
        description = "Progress bars on stderr: auto (on a terminal, for work on more than 10,000 rows), always, never."
            + " Default: ${DEFAULT-VALUE}.")
    When when = When.AUTO;

    /**
     * @param err stderr
     * @return the bar (which draws nothing with {@code never}, or with {@code auto} off a terminal)
     */
    ProgressBar bar(PrintWriter err) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new ProgressBar(err, terminal, when);
    }

    /** Reads {@code auto}, {@code always}, {@code never}. */
    static final class WhenConverter extends Converters.EnumConverter<When> {
        WhenConverter() {
            super(When.class);
        }
    }
}

package org.civicsurvey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.civicsurvey.model.Progress.Phase;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void drawsFractions() {
        assertThat(ProgressBar.line(Phase.IMPORT, 0.5, 500, 1000))
            .isEqualTo("importing rows         [###############---------------]  50%  500 / 1,000 rows");
        assertThat(ProgressBar.line(Phase.SAVE, 0, 500, -1))
            .isEqualTo("saving responses       [------------------------------]   0%  500 responses");
    }

    @Test
    void onATerminalDrawsOnlyLargeWorkAndWhatFollowsIt() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s, true), true, ProgressOption.When.AUTO);
        bar.update(Phase.IMPORT, 1_000, 10_000);
        bar.update(Phase.IMPORT, 10_000, 10_000);
        bar.update(Phase.REPORT, 1, 2);
        assertThat(s.toString()).isEmpty();
        bar.update(Phase.SAVE, 0, 10_001);
        bar.update(Phase.SAVE, 10_001, 10_001);
        bar.update(Phase.REPORT, 2, 2);
        bar.finishLine();
        assertThat(s.toString()).contains("\rsaving responses", "10,001 / 10,001 responses", "\rbuilding the report")
            .endsWith("2 / 2 tables\n");
    }

    @Test
    void offATerminalAutoDrawsNothingAndAlwaysDrawsALinePerTenth() {
        StringWriter s = new StringWriter();
        ProgressBar auto = new ProgressBar(new PrintWriter(s, true), false, ProgressOption.When.AUTO);
        auto.update(Phase.IMPORT, 50_000, 100_000);
        assertThat(s.toString()).isEmpty();
        ProgressBar always = new ProgressBar(new PrintWriter(s, true), false, ProgressOption.When.ALWAYS);
        for (int i = 0; i <= 100; i++) {
            always.update(Phase.IMPORT, i, 100);
        }
        assertThat(s.toString().lines()).hasSize(11).allMatch(l -> l.startsWith("importing rows")).doesNotContain("\r");
        ProgressBar never = new ProgressBar(new PrintWriter(s, true), true, ProgressOption.When.NEVER);
        never.update(Phase.IMPORT, 1_000_000, 1_000_000);
        assertThat(s.toString().lines()).hasSize(11);
    }
}

package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.acsi.AcsiModel;
import org.civicsurvey.scoring.acsi.AcsiResult;
import org.civicsurvey.stats.Exclusions;
import org.civicsurvey.analysis.drivers.ImportancePerformance;
import org.civicsurvey.analysis.pls.PlsModel;

/**
 * The ACSI scorecard from a fitted {@link AcsiModel} ({@code AcsiModel.fit(AnswerColumns)}, PLS path
 * model of the drivers helper): table {@code acsi.scores} (measure {@code score}, 0–100, every
 * construct and the ACSI itself as item {@code acsi}), and table {@code acsi.priority} (chart
 * {@link ChartKind#SCATTER}): per driver of satisfaction its {@code impact} (change in the ACSI for
 * a 5-point gain) and {@code score}, with the Martilla–James quadrant (cross-hairs at the means) as
 * the category. {@code n} is the rows the model used, missing the rows it left out.
 *
 * <p>ACSI needs respondent-level rows (PLS), so it is built from responses, not from pushed-down
 * sums. The model has no design-based standard errors: SE and bounds are empty. With fewer rows than
 * the suppression minimum every cell is suppressed.
 */
public final class AcsiReport {
    private final ReportOptions options;

    private AcsiReport(ReportOptions options) {
        this.options = options;
    }

    /**
     * @param options the options (the estimator is not used)
     * @return the builder
     */
    public static AcsiReport create(ReportOptions options) {
        return new AcsiReport(Objects.requireNonNull(options, "options"));
    }

    /**
     * @param result a fitted ACSI model
     * @return the report
     */
    public Report build(AcsiResult result) {
        options.tablesBuilt(0, 2);
        Instrument instrument = result.preset().instrument();
        String lang = options.languageFor(instrument);
        long n = result.pls().used();
        Exclusions ex = new Exclusions(0, 0, 0, result.pls().excluded(), 0);
        List<ReportCell> scores = new ArrayList<>();
        scores.add(ReportCell.plain(List.of(), "acsi", "", "score", result.acsi(), n, ex));
        PlsModel model = result.preset().pathModel();
        for (String construct : model.constructs()) {
            if (!construct.equals(AcsiModel.SATISFACTION)) {
                scores.add(ReportCell.plain(List.of(), construct, "", "score", result.score(construct), n, ex));
            }
        }
        List<ImportancePerformance.Attribute> matrix = result.priorityMatrix();
        ImportancePerformance.Grid grid = ImportancePerformance.atMeans().analyze(matrix);
        List<ReportCell> priority = new ArrayList<>();
        for (ImportancePerformance.Placement p : grid.placements()) {
            String q = p.quadrant().name().toLowerCase(java.util.Locale.ROOT);
            priority.add(ReportCell.plain(List.of(), p.attribute().name(), q, "impact", p.attribute().importance(), n, ex));
            priority.add(ReportCell.plain(List.of(), p.attribute().name(), q, "score", p.attribute().performance(), n, ex));
        }
        ReportTable t1 = new ReportTable("acsi.scores", ReportText.get(lang, "acsi.scores"), ChartKind.BARS, List.of(), scores);
        ReportTable t2 = new ReportTable("acsi.priority", ReportText.get(lang, "acsi.priority"), ChartKind.SCATTER, List.of(),
            priority);
        t1 = options.suppression().apply(t1, Map.of());
        t2 = options.suppression().apply(t2, Map.of());
        options.tablesBuilt(2, 2);
        return new Report("ACSI", instrument.id(), instrument.version(), lang, ReportText.get(lang, "acsi.title"),
            options.suppression().minimumRespondents(), Tables.labels(instrument, lang, List.of(), "acsi"),
            List.of(t1, t2), Tables.notes(lang, options).subList(1, Tables.notes(lang, options).size()));
    }
}

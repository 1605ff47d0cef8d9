package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * The trend of any index of shares ({@link org.civicsurvey.scoring.RollUp}) by period (day, week, month, quarter, year: the
 * {@link Period} of the {@code period} grouping, e.g. {@link GroupBy#period}): the index and its
 * components per period with intervals. Table {@code trend.<index id>} (chart {@link ChartKind#TREND},
 * measure {@code percent_positive}), suppressed with the period line and the index hierarchy.
 */
public final class TrendReport {
    private final ReportOptions options;

    private TrendReport(ReportOptions options) {
        this.options = options;
    }

    /**
     * @param options the options
     * @return the builder
     */
    public static TrendReport create(ReportOptions options) {
        return new TrendReport(Objects.requireNonNull(options, "options"));
    }

    /**
     * @param data statistics with a grouping named {@value SipasReport#PERIOD}
     * @param index the index to follow
     * @return the report
     */
    public Report build(ReportData data, RollUp index) {
        options.tablesBuilt(0, 1);
        Instrument instrument = data.instrument();
        String lang = options.languageFor(instrument);
        data.requireCovariances();
        Grouping period = data.grouping(SipasReport.PERIOD);
        List<String> names = data.groupings().stream().map(Grouping::name).toList();
        SufficientStatistics stats = data.by(SipasReport.PERIOD);
        List<ReportCell> cells = new ArrayList<>();
        for (int l = 0; l < period.levels().size(); l++) {
            List<GroupKey> keys = Tables.keys(data.groupings(), SipasReport.PERIOD, period.levels().get(l));
            RollUpResult s = index.evaluate(instrument, stats, l, options.estimator());
            cells.add(Tables.indexCell(keys, s));
            cells.addAll(Tables.cells(keys, s, false));
        }
        RollUpResult all = index.evaluate(instrument, data.by(null), 0, options.estimator());
        List<GroupKey> overall = Tables.keys(data.groupings(), null, null);
        cells.add(Tables.indexCell(overall, all));
        cells.addAll(Tables.cells(overall, all, false));
        ReportTable table = options.suppression().apply(new ReportTable("trend." + index.id(),
            ReportText.get(lang, "trend.title"), ChartKind.TREND, names, cells), Map.of(index.id(),
            all.index().children()));
        options.tablesBuilt(1, 1);
        return new Report("trend", instrument.id(), instrument.version(), lang, ReportText.get(lang, "trend.title"),
            options.suppression().minimumRespondents(), Tables.labels(instrument, lang, data.groupings(), index.id()),
            List.of(table), Tables.notes(lang, options));
    }
}

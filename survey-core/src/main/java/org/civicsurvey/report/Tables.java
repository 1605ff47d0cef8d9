package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.scoring.IndexNode;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SufficientStatistics;

/** Shared table building: cells of an index over the overall sample and each grouping's levels. */
final class Tables {
    private Tables() {
    }

    /** Group keys: all margins except one grouping at a level ({@code name == null}: overall). */
    static List<GroupKey> keys(List<Grouping> groupings, String name, String level) {
        List<GroupKey> keys = new ArrayList<>();
        for (Grouping g : groupings) {
            keys.add(GroupKey.of(g.name(), g.name().equals(name) ? level : GroupKey.ALL));
        }
        return keys;
    }

    /** Statistics collapsed per breakdown (null = overall), computed once. */
    static Map<String, SufficientStatistics> collapsed(ReportData data, List<String> breakdowns) {
        Map<String, SufficientStatistics> out = new LinkedHashMap<>();
        out.put(null, data.by(null));
        for (String b : breakdowns) {
            out.put(b, data.by(b));
        }
        return out;
    }

    /** Scores of an index, overall and per level of each breakdown. */
    static Map<List<GroupKey>, RollUpResult> scores(ReportData data, Map<String, SufficientStatistics> stats,
                                                    Estimator est, RollUp index) {
        data.requireCovariances();
        Map<List<GroupKey>, RollUpResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, SufficientStatistics> e : stats.entrySet()) {
            if (e.getKey() == null) {
                out.put(keys(data.groupings(), null, null), index.evaluate(data.instrument(), e.getValue(), 0, est));
            } else {
                Grouping g = data.grouping(e.getKey());
                for (int l = 0; l < g.levels().size(); l++) {
                    out.put(keys(data.groupings(), g.name(), g.levels().get(l)),
                        index.evaluate(data.instrument(), e.getValue(), l, est));
                }
            }
        }
        return out;
    }

    /**
     * Cells of scores: items (unless an item is a component of the index itself), the components
     * (the top node's children); x100. The {@code n} of a component is the largest valid n of its
     * items (the respondents behind it, at least), not the engine's sum of answers, so that
     * suppression counts people.
     */
    static List<ReportCell> cells(List<GroupKey> keys, RollUpResult s, boolean withItems) {
        List<ReportCell> out = new ArrayList<>();
        Set<String> componentIds = new HashSet<>(s.index().children());
        if (withItems) {
            for (IndexNode item : s.level("item")) {
                if (!componentIds.contains(item.id())) {
                    out.add(ReportCell.of(keys, item.id(), "", "percent_positive", item.estimate(), 100));
                }
            }
        }
        for (String c : s.index().children()) {
            out.add(aggregate(keys, s, s.node(c).orElseThrow()));
        }
        return out;
    }

    /** The index's own cell, n = the largest valid n of its items. */
    static ReportCell indexCell(List<GroupKey> keys, RollUpResult s) {
        return aggregate(keys, s, s.index());
    }

    private static ReportCell aggregate(List<GroupKey> keys, RollUpResult s, IndexNode node) {
        long n = 0;
        for (IndexNode i : s.itemsBelow(node.id())) {
            n = Math.max(n, i.estimate().validN());
        }
        ReportCell c = ReportCell.of(keys, node.id(), "", "percent_positive", node.estimate(), 100);
        return new ReportCell(keys, node.id(), "", "percent_positive", c.value(), c.standardError(), c.lower(), c.upper(), n,
            c.excluded(), false);
    }

    /** Labels of an instrument in a language, plus grouping names and levels and fixed words. */
    static Map<String, String> labels(Instrument instrument, String lang, List<Grouping> groupings, String... fixed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : fixed) {
            out.put(f, ReportText.get(lang, f));
        }
        for (Question q : instrument.questions()) {
            out.put(q.id(), instrument.localize(q.text(), lang));
            if (q instanceof ChoiceQuestion c) {
                for (ChoiceOption o : c.options()) {
                    out.put(q.id() + "=" + o.code(), instrument.localize(o.label(), lang));
                }
            }
            if (q.answerScale().isPresent()) {
                Scale s = q.answerScale().get();
                for (ScalePoint p : s.labels()) {
                    out.put(q.id() + "#" + p.value(), instrument.localize(p.label(), lang));
                }
            }
        }
        // dimensions after questions: an attribute named like its question takes the shorter dimension name
        for (Dimension d : instrument.dimensions()) {
            out.put(d.id(), instrument.localize(d.name(), lang));
        }
        for (Grouping g : groupings) {
            out.put(g.name(), ReportText.get(lang, g.name()));
            Question gq = instrument.question(g.name()).orElse(null);
            if (gq != null) {
                out.put(g.name(), instrument.localize(gq.text(), lang));
                if (gq instanceof ChoiceQuestion c) {
                    for (ChoiceOption o : c.options()) {
                        out.put(g.name() + "=" + o.code(), instrument.localize(o.label(), lang));
                    }
                }
            }
            for (String level : g.levels()) {
                out.putIfAbsent(g.name() + "=" + level, level);
            }
        }
        for (String k : List.of("percent_positive", "percent", "count", "rank", "p_first", "change", "p_value", "score",
            "impact", "share")) {
            out.put("measure:" + k, ReportText.get(lang, k));
        }
        return out;
    }

    static List<String> notes(String lang, ReportOptions options) {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(java.util.Locale.ROOT, ReportText.get(lang, "note.interval"),
            new java.math.BigDecimal(Double.toString(options.estimator().confidenceLevel() * 100)).stripTrailingZeros()
                .toPlainString()));
        notes.add(ReportText.get(lang, "note.exclusions"));
        if (options.suppression().minimumRespondents() > 0) {
            notes.add(String.format(java.util.Locale.ROOT, ReportText.get(lang, "note.suppression"),
                options.suppression().minimumRespondents()));
        }
        return notes;
    }

    /** Index of cells by (item, measure, category, group levels). */
    static Map<String, ReportCell> index(List<ReportCell> cells) {
        Map<String, ReportCell> m = new LinkedHashMap<>();
        for (ReportCell c : cells) {
            m.put(key(c.item(), c.measure(), c.category(), c.groups()), c);
        }
        return m;
    }

    static String key(String item, String measure, String category, List<GroupKey> groups) {
        StringBuilder b = new StringBuilder(item).append('\u0000').append(measure).append('\u0000').append(category);
        for (GroupKey k : groups) {
            b.append('\u0000').append(k.name()).append('=').append(k.level());
        }
        return b.toString();
    }
}

package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.report.html.HtmlReport;
import org.civicsurvey.stats.Exclusions;
import org.junit.jupiter.api.Test;

/** JSON field order, tidy CSV layout, HTML escaping and suppressed cells in every writer. */
class WritersTest {
    static Report small() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("q1", "Waiting, \"time\" <fast>");
        labels.put("q2", "=cmd|' /C calc'!A0");
        List<ReportCell> cells = List.of(
            new ReportCell(List.of(GroupKey.of("province", "*")), "q1", "", "percent_positive", 81.25, 2.5, 76.1, 85.4, 120,
                new Exclusions(3, 2, 0, 1, 0), false),
            new ReportCell(List.of(GroupKey.of("province", "p01")), "q1", "", "percent_positive", 80.0, 3.0, 73.2, 85.6, 115,
                Exclusions.NONE, false),
            new ReportCell(List.of(GroupKey.of("province", "p02")), "q1", "", "percent_positive", 100.0, 0, 100, 100, 5,
                Exclusions.NONE, false).suppress());
        ReportTable t = new ReportTable("demo", "Demo table", ChartKind.BARS, List.of("province"), cells);
        ReportTable u = new ReportTable("other", "Other", ChartKind.TABLE, List.of(), List.of(
            ReportCell.plain(List.of(), "q2", "5", "count", 7, 7, Exclusions.NONE)));
        return new Report("SIPAS", "demo", "1.0", "en", "Demo", 10, labels, List.of(t, u), List.of("note"));
    }

    @Test
    void jsonHasTheDocumentedFieldOrderAndNullsForWithheldCells() throws Exception {
        String json = ReportJson.write(small());
        JsonNode root = new ObjectMapper().readTree(json);
        List<String> top = new ArrayList<>();
        root.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("format", "method", "instrument", "language", "title", "minimumRespondents", "notes",
            "labels", "tables");
        JsonNode cell = root.get("tables").get(0).get("cells").get(0);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = cell.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        assertThat(fields).containsExactly("groups", "item", "category", "measure", "value", "standardError", "lower", "upper",
            "n", "excluded", "suppressed");
        assertThat(cell.get("value").asDouble()).isEqualTo(81.25);
        assertThat(cell.get("excluded").get("dontKnow").asLong()).isEqualTo(3);
        JsonNode withheld = root.get("tables").get(0).get("cells").get(2);
        assertThat(withheld.get("suppressed").asBoolean()).isTrue();
        assertThat(withheld.get("value").isNull()).isTrue();
        assertThat(withheld.get("n").isNull()).isTrue();
        assertThat(root.get("labels").get("q1").asText()).isEqualTo("Waiting, \"time\" <fast>");
        assertThat(root.get("format").asText()).isEqualTo(ReportJson.FORMAT);
        // stable: the same report writes the same text
        assertThat(ReportJson.write(small())).isEqualTo(json);
    }

    @Test
    void tidyCsvHasOneEstimatePerRowAndBlanksForWithheldCells() {
        String[] lines = TidyCsv.write(small()).split("\r\n");
        assertThat(lines[0]).isEqualTo("table,province,item,item_label,category,measure,value,se,lower,upper,n,n_dont_know,"
            + "n_not_applicable,n_refused,n_missing,n_hidden,suppressed");
        assertThat(lines[1]).isEqualTo("demo,*,q1,\"Waiting, \"\"time\"\" <fast>\",,percent_positive,81.25,2.5,76.1,85.4,120,3,2,0,1,0,false");
        assertThat(lines[3]).isEqualTo("demo,p02,q1,\"Waiting, \"\"time\"\" <fast>\",,percent_positive,,,,,,,,,,,true");
        // a table without the grouping leaves its column empty; a formula-like label is defused
        assertThat(lines[4]).isEqualTo("other,,q2,'=cmd|' /C calc'!A0,5,count,7.0,,,,7,0,0,0,0,0,false");
        assertThat(lines).hasSize(5);
    }

    @Test
    void htmlEscapesLabelsAndNeverShowsAWithheldCellAsZero() {
        String html = HtmlReport.render(small());
        assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .contains("Waiting, &quot;time&quot; &lt;fast&gt;").doesNotContain("<fast>")
            .doesNotContain("<script src").doesNotContain("<link").doesNotContain("@import").doesNotContain("http://fonts")
            .contains("role=\"img\"").contains("<desc id=").contains("suppressed (too few respondents)");
        assertThat(html).doesNotContainPattern("p02</td>.*?<td class=\"num\">0");
    }

    @Test
    void aChartAloneIsTheFigureThePageDrawsAndItsTableNeedNotBeTheReports() {
        Report r = small();
        String figure = HtmlReport.chart(r, r.requireTable("demo"));
        assertThat(figure).startsWith("<figure><svg data-chart=\"bars\"").endsWith("</svg></figure>\n")
            .contains("Waiting, &quot;time&quot; &lt;fast&gt;").doesNotContain("<fast>");
        assertThat(HtmlReport.render(r)).contains(figure);
        // a table without a chart draws nothing; a subset of cells draws as its own chart
        assertThat(HtmlReport.chart(r, r.requireTable("other"))).isEmpty();
        ReportTable overallOnly = new ReportTable("part", "Part", ChartKind.BARS, List.of("province"),
            r.requireTable("demo").cells(ReportCell::isOverall));
        assertThat(HtmlReport.chart(r, overallOnly)).contains("id=\"t-part-title\"").contains("81.3");
        assertThat(HtmlReport.css()).contains("svg .bar{");
    }
}

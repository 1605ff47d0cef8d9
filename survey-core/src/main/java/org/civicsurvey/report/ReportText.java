package org.civicsurvey.report;

import java.util.Map;

import org.civicsurvey.scoring.Period;

/**
 * The fixed words of reports (titles, column headers, measure names) in Vietnamese and English.
 * Item, dimension and option labels come from the instrument instead.
 */
public final class ReportText {
    private static final Map<String, String[]> TEXT = Map.ofEntries(
        Map.entry("sipas.title", new String[] {"Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
            "Satisfaction Index of Public Administrative Services (SIPAS)"}),
        Map.entry("sipas", new String[] {"Chỉ số SIPAS", "SIPAS index"}),
        Map.entry("sipas.scores", new String[] {"Tỷ lệ hài lòng theo tiêu chí, yếu tố và chỉ số",
            "Share satisfied by criterion, element and index"}),
        Map.entry("sipas.ranking", new String[] {"Xếp hạng theo chỉ số SIPAS", "Ranking by SIPAS index"}),
        Map.entry("sipas.change", new String[] {"Thay đổi so với kỳ trước", "Change from the previous period"}),
        Map.entry("sipas.trend", new String[] {"Xu hướng chỉ số theo kỳ", "Index trend by period"}),
        Map.entry("sipas.distribution", new String[] {"Phân bố câu trả lời theo tiêu chí", "Distribution of answers per criterion"}),
        Map.entry("sdg.title", new String[] {"SDG 16.6.2: Hài lòng với trải nghiệm gần nhất về dịch vụ công",
            "SDG 16.6.2: Satisfaction with the last experience of public services"}),
        Map.entry("sdg.scores", new String[] {"Tỷ lệ tích cực theo thuộc tính và nhóm dân cư",
            "Percent positive by attribute and population group"}),
        Map.entry("sdg_average", new String[] {"Trung bình năm thuộc tính", "Average of the five attributes"}),
        Map.entry("sdg_overall", new String[] {"Hài lòng chung", "Satisfied overall"}),
        Map.entry("a11.title", new String[] {"Báo cáo quý theo A-11 §280", "A-11 §280 quarterly report"}),
        Map.entry("a11.counts", new String[] {"Số câu trả lời theo mức thang đo", "Responses per scale point"}),
        Map.entry("a11.form2024", new String[] {"Mẫu FY2024: tin tưởng và yếu tố tác động",
            "FY2024 form: trust and drivers"}),
        Map.entry("acsi.title", new String[] {"ACSI: điểm số, tác động và ma trận ưu tiên",
            "ACSI: scores, impacts and priority matrix"}),
        Map.entry("acsi.scores", new String[] {"Điểm 0–100 theo cấu phần", "Scores 0–100 per construct"}),
        Map.entry("acsi.priority", new String[] {"Ma trận ưu tiên (tác động và điểm)", "Priority matrix (impact and score)"}),
        Map.entry("acsi", new String[] {"Chỉ số ACSI", "ACSI"}),
        Map.entry("trend.title", new String[] {"Xu hướng chỉ số", "Index trend"}),
        Map.entry("province", new String[] {"Tỉnh/thành phố", "Province"}),
        Map.entry("agency", new String[] {"Cơ quan", "Agency"}),
        Map.entry("service", new String[] {"Dịch vụ", "Service"}),
        Map.entry("channel", new String[] {"Kênh", "Channel"}),
        Map.entry("period", new String[] {"Kỳ", "Period"}),
        Map.entry("income", new String[] {"Nhóm thu nhập", "Income quintile"}),
        Map.entry("disability", new String[] {"Khuyết tật", "Disability"}),
        Map.entry("percent_positive", new String[] {"% tích cực", "% positive"}),
        Map.entry("percent", new String[] {"%", "%"}),
        Map.entry("count", new String[] {"Số lượng", "Count"}),
        Map.entry("rank", new String[] {"Hạng", "Rank"}),
        Map.entry("p_first", new String[] {"Xác suất đứng đầu", "Probability of rank 1"}),
        Map.entry("change", new String[] {"Thay đổi (điểm %)", "Change (points)"}),
        Map.entry("p_value", new String[] {"Giá trị p", "p-value"}),
        Map.entry("score", new String[] {"Điểm", "Score"}),
        Map.entry("impact", new String[] {"Tác động", "Impact"}),
        Map.entry("share", new String[] {"Tỷ lệ %", "Share %"}),
        Map.entry("ui.item", new String[] {"Mục", "Item"}),
        Map.entry("ui.measure", new String[] {"Thước đo", "Measure"}),
        Map.entry("ui.value", new String[] {"Giá trị", "Value"}),
        Map.entry("ui.interval", new String[] {"Khoảng tin cậy", "Interval"}),
        Map.entry("ui.n", new String[] {"n", "n"}),
        Map.entry("ui.excluded", new String[] {"Loại trừ (không biết / không áp dụng / từ chối / thiếu / ẩn)",
            "Excluded (don't know / not applicable / refused / missing / hidden)"}),
        Map.entry("ui.suppressed", new String[] {"ẩn (ít người trả lời)", "suppressed (too few respondents)"}),
        Map.entry("ui.all", new String[] {"Tất cả", "All"}),
        Map.entry("ui.category", new String[] {"Mức", "Category"}),
        Map.entry("ui.notes", new String[] {"Ghi chú", "Notes"}),
        Map.entry("note.suppression", new String[] {
            "Ô có ít hơn %d người trả lời bị ẩn (kèm ẩn bổ sung để không suy ra được từ tổng).",
            "Cells with fewer than %d respondents are suppressed (with complementary suppression so they cannot be recovered from totals)."}),
        Map.entry("note.exclusions", new String[] {
            "Câu trả lời \"không biết\", \"không áp dụng\", từ chối, bỏ trống hoặc bị ẩn không tính vào mẫu số và được đếm riêng.",
            "Don't know, not applicable, refused, missing and hidden answers are left out of every denominator and counted."}),
        Map.entry("note.interval", new String[] {"Khoảng tin cậy %s%% (tuyến tính hóa Taylor).",
            "%s%% confidence intervals (Taylor linearisation)."}));

    private ReportText() {
    }

    /**
     * @param language a BCP-47 tag; {@code vi...} gives Vietnamese, anything else English
     * @param key a key
     * @return the text, or the key itself when unknown
     */
    public static String get(String language, String key) {
        String[] t = TEXT.get(key);
        if (t == null) {
            return key;
        }
        return language.toLowerCase(java.util.Locale.ROOT).startsWith("vi") ? t[0] : t[1];
    }
}

package org.civicsurvey.examples.portal;

import java.util.Map;

/** The portal's own words in Vietnamese and English (the instrument brings its own texts). */
final class Texts {
    private static final Map<String, String[]> TEXTS = Map.ofEntries(
        Map.entry("rate.title", new String[] {"Đánh giá hồ sơ", "Rate your case file"}),
        Map.entry("rate.intro", new String[] {
            "Hồ sơ của bạn đã được giải quyết. Xin cho biết mức độ hài lòng của bạn. Mỗi hồ sơ chỉ được đánh giá một lần.",
            "Your case file has been handled. Please tell us how satisfied you are. Each case file can be rated once."}),
        Map.entry("rate.caseFile", new String[] {"Mã hồ sơ", "Case file"}),
        Map.entry("rate.agency", new String[] {"Cơ quan", "Agency"}),
        Map.entry("rate.service", new String[] {"Dịch vụ", "Service"}),
        Map.entry("rate.submit", new String[] {"Gửi đánh giá", "Submit rating"}),
        Map.entry("rate.required", new String[] {"bắt buộc", "required"}),
        Map.entry("rate.errors", new String[] {"Vui lòng sửa các lỗi sau", "Please correct the following"}),
        Map.entry("rate.errorCount", new String[] {"Có %d lỗi trong phiếu.", "There are %d problems with your answers."}),
        Map.entry("rate.missing", new String[] {"Vui lòng chọn một câu trả lời.", "Please choose an answer."}),
        Map.entry("rate.invalid", new String[] {"Câu trả lời không hợp lệ.", "This answer is not valid."}),
        Map.entry("rate.showIf", new String[] {"Chỉ trả lời nếu bạn đã chọn \"Có\" ở câu trên.",
            "Answer only if you chose \"Yes\" above."}),
        Map.entry("rate.thanks", new String[] {"Cảm ơn bạn đã đánh giá", "Thank you for your rating"}),
        Map.entry("rate.thanksBody", new String[] {"Đánh giá của bạn cho hồ sơ %s đã được ghi nhận.",
            "Your rating of case file %s has been recorded."}),
        Map.entry("rate.already", new String[] {"Hồ sơ này đã được đánh giá", "This case file has already been rated"}),
        Map.entry("rate.alreadyBody", new String[] {
            "Mỗi hồ sơ chỉ được đánh giá một lần. Hồ sơ %s đã có đánh giá, nên không thể gửi thêm.",
            "Each case file can be rated only once. Case file %s already has a rating, so another cannot be sent."}),
        Map.entry("rate.badId", new String[] {"Mã hồ sơ không hợp lệ", "Not a valid case file id"}),
        Map.entry("rate.badIdBody", new String[] {
            "Mã hồ sơ gồm 1 đến 100 ký tự: chữ cái, chữ số và các dấu . _ : -",
            "A case file id has 1 to 100 characters: letters, digits and . _ : -"}),
        Map.entry("nav.dashboard", new String[] {"Xem bảng chỉ số", "See the dashboard"}),
        Map.entry("nav.language", new String[] {"English", "Tiếng Việt"}),
        Map.entry("dash.title", new String[] {"Chỉ số hài lòng SIPAS", "SIPAS satisfaction index"}),
        Map.entry("dash.ratings", new String[] {"%s lượt đánh giá", "%s ratings"}),
        Map.entry("dash.index", new String[] {"Chỉ số chung", "Overall index"}),
        Map.entry("dash.interval", new String[] {"khoảng tin cậy 95%%: %s – %s", "95%% confidence interval: %s – %s"}),
        Map.entry("dash.elements", new String[] {"Theo yếu tố", "By element"}),
        Map.entry("dash.trend", new String[] {"Theo quý", "By quarter"}),
        Map.entry("dash.by", new String[] {"Theo", "By"}),
        Map.entry("dash.by.agency", new String[] {"cơ quan", "agency"}),
        Map.entry("dash.by.service", new String[] {"dịch vụ", "service"}),
        Map.entry("dash.by.channel", new String[] {"kênh", "channel"}),
        Map.entry("dash.by.province", new String[] {"tỉnh, thành phố", "province"}),
        Map.entry("dash.note", new String[] {
            "Tỷ lệ % câu trả lời hài lòng (4 hoặc 5) trên số câu trả lời hợp lệ; \"không biết\" không tính vào mẫu số. Vạch là khoảng tin cậy 95%.",
            "Share of satisfied answers (4 or 5) among valid answers; \"don't know\" is left out of the denominator. Bars show 95% confidence intervals."}),
        Map.entry("dash.source", new String[] {"Nguồn tính toán", "Computed by"}),
        Map.entry("dash.report", new String[] {"Báo cáo đầy đủ: xếp hạng, xu hướng, phân bố câu trả lời",
            "Full report: rankings, trend, distribution of answers"}),
        Map.entry("dash.empty", new String[] {"Chưa có đánh giá.", "No ratings yet."}),
        Map.entry("error.title", new String[] {"Lỗi", "Error"}),
        Map.entry("error.notFound", new String[] {"Không tìm thấy trang", "Page not found"}));

    private Texts() {
    }

    /**
     * A text.
     *
     * @param lang {@code vi} or {@code en}
     * @param key the key
     * @return the text
     * @throws IllegalArgumentException if the key is unknown
     */
    static String get(String lang, String key) {
        String[] t = TEXTS.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no portal text " + key);
        }
        return "en".equals(lang) ? t[1] : t[0];
    }

    /**
     * A formatted text.
     *
     * @param lang {@code vi} or {@code en}
     * @param key the key
     * @param args the arguments
     * @return the text
     */
    static String format(String lang, String key, Object... args) {
        return String.format(java.util.Locale.ROOT, get(lang, key), args);
    }
}

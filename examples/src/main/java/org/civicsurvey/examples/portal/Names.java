package org.civicsurvey.examples.portal;

import java.util.Map;
import org.civicsurvey.examples.data.DemoData;

/** Display names of the demo agencies, services and channels; an unknown id is shown as it is. */
final class Names {
    private static final Map<String, String[]> AGENCIES = Map.of(
        "so-tu-phap", new String[] {"Sở Tư pháp", "Department of Justice"},
        "so-ke-hoach-dau-tu", new String[] {"Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"},
        "so-tai-nguyen-moi-truong", new String[] {"Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"},
        "so-giao-thong-van-tai", new String[] {"Sở Giao thông vận tải", "Department of Transport"},
        "so-xay-dung", new String[] {"Sở Xây dựng", "Department of Construction"},
        "so-lao-dong", new String[] {"Sở Lao động - Thương binh và Xã hội", "Department of Labour"},
        "cong-an", new String[] {"Công an", "Police"},
        "ubnd-xa", new String[] {"UBND cấp xã", "Commune People's Committee"});

    private static final Map<String, String[]> SERVICES = Map.ofEntries(
        Map.entry("ly-lich-tu-phap", new String[] {"Cấp phiếu lý lịch tư pháp", "Criminal record certificate"}),
        Map.entry("chung-thuc", new String[] {"Chứng thực", "Certification of copies"}),
        Map.entry("quoc-tich", new String[] {"Quốc tịch", "Nationality"}),
        Map.entry("dang-ky-doanh-nghiep", new String[] {"Đăng ký doanh nghiệp", "Business registration"}),
        Map.entry("dau-tu", new String[] {"Đầu tư", "Investment"}),
        Map.entry("dat-dai", new String[] {"Đất đai", "Land"}),
        Map.entry("moi-truong", new String[] {"Môi trường", "Environment"}),
        Map.entry("tai-nguyen-nuoc", new String[] {"Tài nguyên nước", "Water resources"}),
        Map.entry("giay-phep-lai-xe", new String[] {"Giấy phép lái xe", "Driving licence"}),
        Map.entry("dang-ky-xe", new String[] {"Đăng ký xe", "Vehicle registration"}),
        Map.entry("van-tai", new String[] {"Vận tải", "Transport permits"}),
        Map.entry("giay-phep-xay-dung", new String[] {"Giấy phép xây dựng", "Building permit"}),
        Map.entry("nha-o", new String[] {"Nhà ở", "Housing"}),
        Map.entry("bao-hiem-that-nghiep", new String[] {"Bảo hiểm thất nghiệp", "Unemployment insurance"}),
        Map.entry("nguoi-co-cong", new String[] {"Người có công", "War veterans' benefits"}),
        Map.entry("cu-tru", new String[] {"Cư trú", "Residence registration"}),
        Map.entry("can-cuoc", new String[] {"Căn cước", "Identity card"}),
        Map.entry("khai-sinh", new String[] {"Đăng ký khai sinh", "Birth registration"}),
        Map.entry("ket-hon", new String[] {"Đăng ký kết hôn", "Marriage registration"}),
        Map.entry("khai-tu", new String[] {"Đăng ký khai tử", "Death registration"}));

    private static final Map<String, String[]> CHANNELS = Map.of(
        "in_person", new String[] {"Trực tiếp", "In person"},
        "online", new String[] {"Trực tuyến", "Online"},
        "post", new String[] {"Bưu chính", "Post"});

    private Names() {
    }

    static String agency(String id, String lang) {
        return pick(AGENCIES, id, lang);
    }

    static String service(String id, String lang) {
        return pick(SERVICES, id, lang);
    }

    /**
     * The display name of a group key of a grouping.
     *
     * @param by the grouping
     * @param key the key
     * @param lang the language
     * @return the name
     */
    static String group(String by, String key, String lang) {
        switch (by) {
            case "agency":
                return agency(key, lang);
            case "service":
                return service(key, lang);
            case "channel":
                return pick(CHANNELS, key, lang);
            case "province":
                int i = DemoData.PROVINCES_IDS.indexOf(key);
                return i >= 0 ? DemoData.PROVINCE_NAMES.get(i) : key;
            default:
                return key;
        }
    }

    private static String pick(Map<String, String[]> names, String id, String lang) {
        String[] n = names.get(id);
        return n == null ? id : "en".equals(lang) ? n[1] : n[0];
    }
}

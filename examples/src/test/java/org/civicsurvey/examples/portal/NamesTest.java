package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.civicsurvey.examples.data.DemoData;
import org.junit.jupiter.api.Test;

/** The display names are data, and the data covers every id the demo uses, in both languages. */
class NamesTest {
    private final Names names = new Names();

    @Test
    void everyDemoIdHasAVietnameseAndAnEnglishName() {
        Locale vi = Locale.forLanguageTag("vi");
        Map<String, List<String>> ids = Map.of("agency", DemoData.AGENCIES, "service", DemoData.SERVICE_IDS,
            "channel", DemoData.CHANNELS, "province", DemoData.PROVINCES_IDS);
        ids.forEach((kind, list) -> {
            for (String id : list) {
                assertThat(names.name(kind, id, vi)).as(kind + " " + id).isNotEqualTo(id);
                assertThat(names.name(kind, id, Locale.ENGLISH)).as(kind + " " + id).isNotEqualTo(id)
                    .matches("[\\x20-\\x7e]+");
            }
        });
        assertThat(names.name("province", "ha-noi", vi)).isEqualTo("Hà Nội");
        assertThat(names.name("agency", "so-tu-phap", Locale.ENGLISH)).isEqualTo("Department of Justice");
        assertThat(names.name("agency", "unknown-agency", vi)).isEqualTo("unknown-agency");
        assertThat(names.labels(vi)).containsEntry("service=khai-sinh", "Đăng ký khai sinh");
    }
}

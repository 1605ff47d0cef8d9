package org.civicsurvey.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvTableTest {
    @Test
    void readsQuotedFieldsAndMissingValues() {
        CsvTable t = CsvTable.parse("\uFEFF\"a\",\"b\"\r\n\"x, \"\"y\"\"\",NA\n\"z\",2.5\n");
        assertThat(t.columns()).containsExactly("a", "b");
        assertThat(t.strings("a")).containsExactly("x, \"y\"", "z");
        assertThat(t.doubles("b")[0]).isNaN();
        assertThat(t.doubles("b")[1]).isEqualTo(2.5);
    }

    @Test
    void readsTheApiSampleExportedFromR() {
        // R 4.2.2, survey 4.1.1: nrow(apistrat) == 200; apistrat$api00[1] == 840
        CsvTable t = CsvTable.resource("/reference/api/apistrat.csv");
        assertThat(t.size()).isEqualTo(200);
        assertThat(t.doubles("api00")[0]).isEqualTo(840);
        assertThatThrownBy(() -> t.doubles("nope")).hasMessageContaining("no column nope");
    }
}

package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupingTest {

    @Test
    void periodsAreCutInUtcUnlessAnOffsetIsGiven() {
        assertThat(Grouping.of(Grouping.Kind.MONTH).offset()).isEqualTo(ZoneOffset.UTC);
        Grouping vietnam = Grouping.of(Grouping.Kind.QUARTER).at(ZoneOffset.ofHours(7));
        assertThat(vietnam.offset()).isEqualTo(ZoneOffset.ofHours(7));
        assertThat(vietnam.kind()).isEqualTo(Grouping.Kind.QUARTER);
        assertThat(new Grouping(Grouping.Kind.DAY, Optional.empty())).isEqualTo(Grouping.of(Grouping.Kind.DAY));
    }

    @Test
    void onlyPeriodsTakeAnOffset() {
        assertThatThrownBy(() -> Grouping.of(Grouping.Kind.PROVINCE).at(ZoneOffset.ofHours(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grouping PROVINCE is not a period and takes no offset (+07:00)");
        assertThatThrownBy(() -> Grouping.attribute("sex").at(ZoneOffset.ofHours(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ATTRIBUTE is not a period");
        assertThatThrownBy(() -> Grouping.of(Grouping.Kind.YEAR).at(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("offset");
        assertThatThrownBy(() -> Grouping.of(Grouping.Kind.ATTRIBUTE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grouping ATTRIBUTE needs an attribute name");
    }
}

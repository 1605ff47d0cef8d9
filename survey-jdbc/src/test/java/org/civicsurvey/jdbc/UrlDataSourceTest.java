package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UrlDataSourceTest {

    @Test
    void opensConnectionsForItsUrlAndNeverShowsTheQueryPart() throws SQLException {
        UrlDataSource ds = new UrlDataSource("jdbc:h2:mem:url-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        UrlDataSource secret = new UrlDataSource("jdbc:postgresql://db/test?user=u&password=hunter2", null, null);
        assertThat(secret.toString()).isEqualTo("UrlDataSource[jdbc:postgresql://db/test]").doesNotContain("hunter2");
        assertThat(new UrlDataSource("jdbc:h2:mem:x", "u", "hunter2").toString()).doesNotContain("hunter2");
        assertThat(ds.isWrapperFor(UrlDataSource.class)).isTrue();
        assertThat(ds.unwrap(UrlDataSource.class)).isSameAs(ds);
        assertThatThrownBy(() -> ds.unwrap(String.class)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> new UrlDataSource(null, null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("url");
    }
}

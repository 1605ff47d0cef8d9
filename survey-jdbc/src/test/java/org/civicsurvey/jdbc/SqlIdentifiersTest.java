package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The alphabet of names {@link SqlSurvey} writes into SQL, and their quoting. */
class SqlIdentifiersTest {

    @Test
    void namesOfAnyScriptWithDigitsMarksAndInnerSpacesAreValid() {
        for (String name : List.of("q1", "Q_1", "tỉnh", "省份", "câu 1", "trọng số", "weight-2024", "$w", "x", "१२३",
                "a".repeat(SqlIdentifiers.MAX_LENGTH), "\uD835\uDC00bc")) {
            assertThat(SqlIdentifiers.check("column", name)).isEqualTo(name);
        }
    }

    @Test
    void everythingElseIsRefusedNamingTheRoleTheNameAndTheCharacter() {
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "q1\"; DROP TABLE t; --"))
                .hasMessage("item column \"q1\"; DROP TABLE t; --\" is not a valid name: character '\"' (U+0022) at position 2"
                        + " is not allowed (names take letters, digits, combining marks, _ $ - and single inner spaces)");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "q\u200B1"))
                .hasMessageContaining("\"q\\u200B1\"").hasMessageContaining("character (U+200B) at position 1");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "q\u00001"))
                .hasMessageContaining("\"q\\u00001\"").hasMessageContaining("(U+0000)");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "q\t1")).hasMessageContaining("(U+0009)");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "q\u00A01")).hasMessageContaining("(U+00A0)");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "\u0301q")).hasMessageContaining("(U+0301) at position 0");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "ti\u0309nh"))
                .hasMessageContaining("not in Unicode normal form C").hasMessageContaining("\"tỉnh\"");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "a".repeat(SqlIdentifiers.MAX_LENGTH + 1)))
                .hasMessageContaining("has 129 characters; at most 128");
        assertThatThrownBy(() -> SqlIdentifiers.check("item column", "")).hasMessage("item column is empty; a name needs 1 to 128"
                + " characters");
        for (String bad : List.of("a b ", " a", "a  b", "a.b", "a'b", "a`b", "a;b", "a(b", "a*b", "a/b", "a\\b", "a\nb")) {
            assertThatThrownBy(() -> SqlIdentifiers.check("column", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void quotingDoublesTheQuoteAndLiteralsDoubleTheirQuotes() {
        assertThat(SqlIdentifiers.quote("câu 1", "\"")).isEqualTo("\"câu 1\"");
        assertThat(SqlIdentifiers.quote("a`b", "`")).isEqualTo("`a``b`");
        assertThat(SqlIdentifiers.literal("path", "/data/it's/*.parquet")).isEqualTo("'/data/it''s/*.parquet'");
        assertThatThrownBy(() -> SqlIdentifiers.literal("parquet path", "a\nb")).hasMessageContaining("parquet path")
                .hasMessageContaining("control character at position 1");
    }

    @Test
    void aQueryIsOneStatementAndATableNameHasOneToThreeParts() {
        assertThatThrownBy(() -> SqlSurvey.query(new UrlDataSource("jdbc:h2:mem:", null, null), "  "))
                .hasMessage("query is blank");
        assertThatThrownBy(() -> SqlSurvey.query(new UrlDataSource("jdbc:h2:mem:", null, null), "SELECT 1;"))
                .hasMessageContaining("ends with ';'");
        assertThatThrownBy(() -> SqlSurvey.table(new UrlDataSource("jdbc:h2:mem:", null, null), "a", "b", "c", "d"))
                .hasMessageContaining("table name has 4 parts");
        assertThatThrownBy(() -> SqlSurvey.table(new UrlDataSource("jdbc:h2:mem:", null, null), "t")
                .item(org.civicsurvey.stats.Variable.numeric("y")).crossProducts(true).clusters("p").build())
                .hasMessageContaining("cross-products are kept only without clusters");
        assertThatThrownBy(() -> SqlSurvey.table(new UrlDataSource("jdbc:h2:mem:", null, null), "t").build())
                .hasMessageContaining("no items");
    }
}

package org.civicsurvey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.surveyjs.SurveyJsImport;
import org.civicsurvey.io.surveyjs.SurveyJsImporter;
import org.junit.jupiter.api.Test;

/**
 * Every input the fuzzers found that escaped as something other than a result or the library's own
 * exception with a path, reduced to its cause (the inputs themselves are seeds under
 * {@code *FuzzTestInputs/fuzz/found-*}; docs/fuzzing.md lists them).
 */
class FuzzFindingsTest {

    @Test
    void bytesThatLookLikeUtf32ButAreNotGiveAnInvalidJsonException() {
        // InstrumentJsonFuzzTest: eight zero bytes then text; Jackson reads UTF-32 and throws CharConversionException,
        // which escaped as UncheckedIOException ("cannot read instrument JSON")
        byte[] bytes = ("\0\0\0\0\0\0\0\0 \"mini\",\n \"version\": \"1\"}").getBytes(StandardCharsets.ISO_8859_1);
        InvalidJsonException e = catchThrowableOfType(InvalidJsonException.class,
            () -> InstrumentJson.read(new ByteArrayInputStream(bytes)));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEmpty();
            assertThat(p.message()).startsWith("the bytes are not text in the encoding they begin like (UTF-8, UTF-16 or UTF-32)");
        });
    }

    @Test
    void aSurveyJsConditionOnTheQuestionItselfIsLeftOutWithAnIssue() {
        // SurveyJsImporterFuzzTest: visibleIf "{used} = 'yes'" on the question "used" escaped as InvalidModelException
        String survey = "{\"pages\": [{\"name\": \"p1\", \"elements\": ["
            + "{\"type\": \"rating\", \"name\": \"q1\", \"rateMin\": 1, \"rateMax\": 5},"
            + "{\"type\": \"radiogroup\", \"name\": \"used\", \"choices\": [\"yes\", \"no\"],"
            + " \"visibleIf\": \"{used} = 'yes' and {q1} >= 3\"}]}]}";
        SurveyJsImport r = SurveyJsImporter.withDefaults().withIdentity("t", "1").read(survey);
        assertThat(r.instrument().question("used").orElseThrow().showIf()).isEmpty();
        assertThat(r.issues()).anySatisfy(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[1].visibleIf");
            assertThat(i.message()).contains("refers to the question itself").contains("left out");
        });
    }
}

package org.civicsurvey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.io.surveyjs.SurveyJsException;
import org.civicsurvey.io.surveyjs.SurveyJsImport;
import org.civicsurvey.io.surveyjs.SurveyJsImporter;
import org.civicsurvey.io.surveyjs.SurveyJsResults;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.TextQuestion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    // Numbers whose exponent is beyond BigDecimal's (an int scale): Jackson's BigDecimal conversion throws
    // NumberFormatException ("Too many nonzero exponent digits", "Exponent overflow", "Scale out of range").
    // ResponseJsonFuzzTest found the first; the others are its neighbours, checked in every reader.

    @ParameterizedTest
    @ValueSource(strings = {"1e404444444444444444444444444", "-1e404444444444444444444444444", "1e-404444444444444444444444444",
        "1e2147483648", "1e-2147483649", "1e-2147483648", "0.0000e-2147483647", "0e999999999999"})
    void aNumberBeyondBigDecimalIsInvalidJsonAtItsPathInAResponse(String number) {
        String json = "{\"id\": \"r-1\", \"instrumentId\": \"mini\", \"instrumentVersion\": \"1\",\n"
            + " \"answers\": {\"q1\": " + number + "}}";
        InvalidJsonException e = catchThrowableOfType(InvalidJsonException.class, () -> ResponseJson.read(json));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("answers.q1");
            assertThat(p.message()).isEqualTo("the number " + number + " cannot be represented: its exponent is out of range");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(20);
        });
    }

    @Test
    void aNumberBeyondBigDecimalIsInvalidJsonAtItsPathInAnInstrument() {
        String json = "{\"id\": \"mini\", \"version\": \"1\", \"scales\": [{\"id\": \"s\", \"min\": 1, \"max\": 1e2147483648}]}";
        InvalidJsonException e = catchThrowableOfType(InvalidJsonException.class,
            () -> InstrumentJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("scales[0].max");
            assertThat(p.message()).contains("1e2147483648 cannot be represented");
            assertThat(p.column()).isEqualTo(72);
        });
    }

    @Test
    void aWholeNumberWithAHugeExponentIsOutOfRangeNotAnArithmeticException() {
        // 100e2147483647 is a BigDecimal, but stripping its zeros overflows the scale: ArithmeticException("Overflow")
        // escaped from the instrument reader's whole-number check
        String json = "{\"id\": \"mini\", \"version\": \"1\", \"scales\": [{\"id\": \"s\", \"min\": 1, \"max\": 100e2147483647}]}";
        InvalidJsonException e = catchThrowableOfType(InvalidJsonException.class,
            () -> InstrumentJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("scales[0].max");
            assertThat(p.message()).isEqualTo("the number 1.00E+2147483649 is outside the range of whole numbers -2147483648..2147483647");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e404444444444444444444444444", "1e2147483648", "0.0000e-2147483647"})
    void aNumberBeyondBigDecimalIsAnIssueAtItsPathInASurveyJsSurvey(String number) {
        String survey = "{\"pages\": [{\"name\": \"p1\", \"elements\": [\n"
            + "{\"type\": \"rating\", \"name\": \"q1\", \"rateMin\": 1, \"rateMax\": " + number + "}]}]}";
        SurveyJsException e = catchThrowableOfType(SurveyJsException.class,
            () -> SurveyJsImporter.withDefaults().withIdentity("t", "1").read(survey));
        assertThat(e.issues()).singleElement().satisfies(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[0].rateMax");
            assertThat(i.message()).isEqualTo("the number " + number + " cannot be represented: its exponent is out of range"
                + " (line 2, column 59)");
        });
        // the stream reader and the result reader share the parse
        SurveyJsException fromStream = catchThrowableOfType(SurveyJsException.class, () -> SurveyJsImporter.withDefaults()
            .withIdentity("t", "1").read(new ByteArrayInputStream(survey.getBytes(StandardCharsets.UTF_8))));
        assertThat(fromStream.issues()).isEqualTo(e.issues());
        SurveyJsException result = catchThrowableOfType(SurveyJsException.class,
            () -> SurveyJsResults.forInstrument(StandardInstruments.a11v2()).answers("{\"trust\": " + number + "}"));
        assertThat(result.issues()).singleElement().satisfies(i -> assertThat(i.path()).isEqualTo("trust"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901234567890123456789", "99999999999", "1e2147483647", "100e2147483647", "4.5"})
    void aSurveyJsRatingBoundThatIsNoIntIsAnIssueNotAWrappedValue(String number) {
        // asInt() wrapped 123456789012345678901234567890123456789 to -1371963115 and 99999999999 to 1215752191, then
        // reported "rateMax -1371963115 is below rateMin 1"; 4.5 was cut to 4 silently
        String survey = "{\"pages\": [{\"name\": \"p1\", \"elements\": ["
            + "{\"type\": \"rating\", \"name\": \"q1\", \"rateMin\": 1, \"rateMax\": " + number + "},"
            + "{\"type\": \"comment\", \"name\": \"why\"}]}]}";
        SurveyJsImport r = SurveyJsImporter.withDefaults().withIdentity("t", "1").read(survey);
        assertThat(r.instrument().question("q1")).isEmpty();
        assertThat(r.issues()).anySatisfy(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[0].rateMax");
            assertThat(i.message()).endsWith("is not a whole number between -2147483648 and 2147483647; the element is left out");
        });
    }

    @Test
    void aSurveyJsRatingEndingAtTheLargestIntEnds() {
        // the int counter of the scale's points wrapped past Integer.MAX_VALUE and never ended, and the default
        // positive threshold (min + max) / 2 + 1 overflowed to -1 (found reading the rating code for the findings above)
        String survey = "{\"pages\": [{\"name\": \"p1\", \"elements\": ["
            + "{\"type\": \"rating\", \"name\": \"q1\", \"rateMin\": 2147483646, \"rateMax\": 2147483647},"
            + "{\"type\": \"rating\", \"name\": \"q2\", \"rateMin\": 2147483600, \"rateCount\": 90}]}]}";
        SurveyJsImport r = SurveyJsImporter.withDefaults().withIdentity("t", "1").read(survey);
        assertThat(r.instrument().scaleOf("q1").min()).isEqualTo(2147483646);
        assertThat(r.instrument().scaleOf("q1").max()).isEqualTo(2147483647);
        assertThat(r.instrument().scaleOf("q1").positiveThreshold()).isEqualTo(2147483647);
        assertThat(r.issues()).anySatisfy(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[1]");
            assertThat(i.message()).startsWith("the scale 2147483600..2147483689 has more than 101 points");
        });
    }

    @Test
    void surveyJsNumbersBeyondDoubleAreNamedNotWrittenOut() {
        // a choice value of 1e999999999 became the text "Infinity" through double (and BigDecimal.valueOf(Infinity)
        // would throw); maxLength 1e40 wrapped through asInt(); max 1e999999999 became an infinite bound silently
        String survey = "{\"pages\": [{\"name\": \"p1\", \"elements\": ["
            + "{\"type\": \"radiogroup\", \"name\": \"used\", \"choices\": [\"yes\", 1e999999999]},"
            + "{\"type\": \"comment\", \"name\": \"why\", \"maxLength\": 1e40},"
            + "{\"type\": \"text\", \"inputType\": \"number\", \"name\": \"visits\", \"min\": 0, \"max\": 1e999999999}]}]}";
        SurveyJsImport r = SurveyJsImporter.withDefaults().withIdentity("t", "1").read(survey);
        assertThat(r.issues()).anySatisfy(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[0].choices[1].value");
            assertThat(i.message()).startsWith("'1E+999999999' is not a valid or unique option code");
        });
        assertThat(((ChoiceQuestion) r.instrument().question("used").orElseThrow()).options()).hasSize(2);
        assertThat(((TextQuestion) r.instrument().question("why").orElseThrow()).maxLength()).isEqualTo(TextQuestion.MAX_LENGTH);
        assertThat(r.issues()).anySatisfy(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[1].maxLength");
            assertThat(i.message()).isEqualTo("maxLength 1E+40 is above the model's maximum " + TextQuestion.MAX_LENGTH
                + ", which is used");
        });
        assertThat(r.issues()).anySatisfy(i -> {
            assertThat(i.path()).isEqualTo("pages[0].elements[2].max");
            assertThat(i.message()).isEqualTo("the number 1E+999999999 is too large; the bound is left out");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void nonNumericNumberTokensAreMalformedJsonWithAPosition(String token) {
        String json = "{\"id\": \"r-1\", \"weight\": " + token + "}";
        InvalidJsonException e = catchThrowableOfType(InvalidJsonException.class, () -> ResponseJson.read(json));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("weight");
            assertThat(p.message()).startsWith("malformed JSON: Non-standard token '" + token + "'");
            assertThat(p.line()).isEqualTo(1);
        });
        SurveyJsException s = catchThrowableOfType(SurveyJsException.class,
            () -> SurveyJsImporter.withDefaults().withIdentity("t", "1").read("{\"pages\": [" + token + "]}"));
        assertThat(s.issues()).singleElement().satisfies(i -> assertThat(i.message())
            .startsWith("not valid JSON: Non-standard token '" + token + "'").contains("(line 1, column"));
    }
}

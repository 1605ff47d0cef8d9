package org.civicsurvey.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input}, written by {@code make-corpus.py}):
 * every malformed file gives a clear error naming the field: the expected path and message fragment
 * from {@code expectations.tsv}, no stack trace, no raw control or invisible characters.
 */
class BadInputCorpusTest {
    private static final Path ROOT = root();
    private static final Instrument MINI = InstrumentJson.read(read("good/mini-instrument.json"));

    record Expectation(String path, String fragment) {
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileGivesAClearErrorNamingTheField() throws IOException {
        Map<String, Expectation> expected = expectations();
        List<String> files;
        try (Stream<Path> s = Stream.concat(Files.list(ROOT.resolve("instrument")), Files.list(ROOT.resolve("response")))) {
            files = s.map(p -> ROOT.relativize(p).toString().replace('\\', '/')).sorted().collect(Collectors.toList());
        }
        assertThat(expected.keySet()).as("every expectation has its file").isSubsetOf(files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file, () -> check(file, expected.get(file))));
    }

    private static void check(String file, Expectation expectation) {
        List<String> lines = new ArrayList<>();
        String message;
        try {
            if (file.startsWith("instrument/")) {
                InstrumentJson.read(new java.io.ByteArrayInputStream(bytes(file)));
                fail(file + " was accepted");
                return;
            }
            Response r = ResponseJson.read(new java.io.ByteArrayInputStream(bytes(file)));
            ValidationReport report = ResponseValidator.create().validate(MINI, r);
            assertThat(report.isValid()).as(file + " should not validate").isFalse();
            for (Violation v : report.violations()) {
                lines.add(v.path() + "\t" + v.message());
            }
            message = report.toString();
        } catch (InvalidJsonException e) {
            for (JsonProblem p : e.problems()) {
                lines.add(p.path() + "\t" + p.message());
                assertThat(p.line()).as(file + ": line of " + p).isPositive();
            }
            message = e.getMessage();
        }
        assertThat(message).as(file).doesNotContain("Exception", "\tat ", "at org.", "at com.", "java.", "Source:");
        for (char c : message.toCharArray()) {
            int type = Character.getType(c);
            assertThat(c != '\n' && (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE))
                    .as(file + ": raw control/format/surrogate character U+%04X in %s", (int) c, message).isFalse();
        }
        if (expectation == null) {
            fail(file + ": no expectation; actual problems:\n" + String.join("\n", lines));
        }
        assertThat(lines).as(file).anySatisfy(line -> {
            String[] parts = line.split("\t", 2);
            assertThat(parts[0]).isEqualTo(expectation.path());
            assertThat(parts[1]).contains(expectation.fragment());
        });
    }

    @Test
    void oddButValidUnicodeRoundTripsVerbatim() throws Exception {
        String json = read("good/odd-unicode-response.json");
        Response r = ResponseJson.read(json);
        assertThat(ResponseValidator.create().validate(MINI, r).messages()).isEmpty();
        // the oracle: plain Jackson's reading of the same file
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        String expected = (String) ((Map<?, ?>) plain.get("answers")).get("q3");
        assertThat(expected).contains("\u200F", "\u200D", "\uD800", "\u0000", "e\u0301");
        assertThat(((Answer.Text) r.answers().get("q3")).text()).isEqualTo(expected);
        assertThat(r.respondent().get("note")).isEqualTo("\u202Eevil\u202C \u200B");
        Response back = ResponseJson.read(ResponseJson.write(r));
        assertThat(back).isEqualTo(r);
        assertThat(ResponseJson.write(r)).contains("\\u0000").contains("\\uD800");
        Instrument again = InstrumentJson.read(InstrumentJson.write(MINI));
        assertThat(again).isEqualTo(MINI);
    }

    @Test
    void documentSizeLimitGivesAClearMessage() {
        String json = read("good/mini-instrument.json");
        JsonLimits small = new JsonLimits(1000, 40, 20_000, 40);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InstrumentJson.read(json, small))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("input exceeds a limit: Document length")
                .hasMessageContaining("exceeds the maximum allowed (1000)");
        // the same limit on a stream, where the length is only known while reading
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InstrumentJson.read(
                new java.io.ByteArrayInputStream(("{\"id\": \"" + "x".repeat(9_000_000) + "\"}").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("input exceeds a limit");
    }

    private static Map<String, Expectation> expectations() throws IOException {
        Map<String, Expectation> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("expectations.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length != 3) {
                throw new IllegalStateException("expectations.tsv: a line needs file, path, fragment: " + line);
            }
            out.put(parts[0], new Expectation(parts[1], parts[2]));
        }
        return out;
    }

    private static byte[] bytes(String file) {
        try (InputStream in = Files.newInputStream(ROOT.resolve(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static Path root() {
        try {
            return Paths.get(BadInputCorpusTest.class.getResource("/bad-input/expectations.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.civicsurvey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every line of every {@code java} code block in README.md must appear in a test of this repository
 * (comments and spacing aside), so the README's code compiles and runs as shown.
 */
class ReadmeMirrorTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyJavaLineOfTheReadmeIsInATest() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Set<String> testLines = new HashSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/test/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .forEach(p -> read(p).forEach(l -> testLines.add(normalise(l))));
        }
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        boolean inJava = false;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("```")) {
                inJava = !inJava && line.trim().equals("```java");
                blocks += inJava ? 1 : 0;
                continue;
            }
            String code = normalise(line);
            if (inJava && !code.isEmpty() && !testLines.contains(code)) {
                missing.add("README.md:" + (i + 1) + ": " + line.trim());
            }
        }
        assertThat(blocks).as("java blocks in README.md").isGreaterThanOrEqualTo(3);
        assertThat(missing).as("README code lines not found in any test").isEmpty();
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a trailing {@code //} comment and all white space. */
    static String normalise(String line) {
        String s = line.replaceAll("(^|\\s)//.*$", "");
        return s.replaceAll("\\s+", "");
    }
}

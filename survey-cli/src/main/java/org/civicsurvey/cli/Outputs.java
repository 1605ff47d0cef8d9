package org.civicsurvey.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Output files written whole or not at all: into a temporary file beside the target, then moved over it. */
final class Outputs {
    /** What writes a file's content. */
    @FunctionalInterface
    interface Content {
        void write(Writer w) throws IOException;
    }

    private Outputs() {
    }

    /**
     * @param file the target
     * @param content what to write (UTF-8)
     * @throws IOException if it cannot be written (the target is then unchanged)
     */
    static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.write(w);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

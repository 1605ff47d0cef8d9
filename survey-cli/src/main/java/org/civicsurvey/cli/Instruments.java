package org.civicsurvey.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;

/** Finds the instrument an option names: a JSON file, or the id of a standard instrument. */
final class Instruments {
    private Instruments() {
    }

    /**
     * @param reference a path to an instrument JSON file, or a standard id such as {@code sipas2017}
     * @return the instrument
     * @throws CliException ({@link ExitCode#IO}) when it is neither a file nor a standard id
     * @throws org.civicsurvey.io.json.InvalidJsonException listing every problem of a file
     */
    static Instrument load(String reference) {
        Optional<Path> file = file(reference);
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            return InstrumentJson.read(file.get());
        }
        return StandardInstruments.byId(reference).orElseThrow(() -> new CliException(ExitCode.IO, "instrument '"
            + Messages.clean(reference) + "': no such file, and not a standard instrument (" + String.join(", ",
            StandardInstruments.ids()) + ")"));
    }

    private static Optional<Path> file(String reference) {
        try {
            return Optional.of(Path.of(reference));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}

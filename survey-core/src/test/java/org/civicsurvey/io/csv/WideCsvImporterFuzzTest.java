package org.civicsurvey.io.csv;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.civicsurvey.fuzz.FuzzTargets;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.validation.ResponseValidator;

/**
 * Fuzzes the wide-CSV importer on the SDG 16.6.2 instrument: any bytes give an import result whose
 * counts add up and whose every imported response is valid, or a {@link CsvImportException} with a
 * reason; nothing else. The first byte chooses the options (strict or lenient header, duplicate
 * policy, status, delimiter, limits), the rest is the file.
 */
class WideCsvImporterFuzzTest {
    /** Created on the first input, once the fuzzer's agent is attached: a class loaded before it and its nest mates after it do not mix. */
    private static final class Lazy {
        static final Instrument SDG = StandardInstruments.sdg1662();
        static final ResponseValidator VALIDATOR = ResponseValidator.create();
    }

    @FuzzTest(maxDuration = FuzzTargets.SHORT_RUN)
    void fuzz(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int o = input[0] & 0xff;
        ColumnMapping.Builder m = ColumnMapping.builder().respondent("town", "town").weight("w").questionsByHeader();
        if ((o & 1) != 0) {
            m.id("id");
        }
        WideCsvImporter importer = WideCsvImporter.create(Lazy.SDG, m.build())
            .withUnknownColumns((o & 2) != 0 ? ColumnCheck.IGNORE : ColumnCheck.REJECT)
            .withMissingColumns((o & 2) != 0 ? ColumnCheck.IGNORE : ColumnCheck.REJECT)
            .withDuplicateIds((o & 4) != 0 ? DuplicateIds.FIRST_WINS : DuplicateIds.REJECT)
            .withStatus((o & 8) != 0 ? ResponseStatus.COMPLETE : ResponseStatus.IN_PROGRESS)
            .withMissingValues("NA")
            .withLimits(1_000, 100, 50);
        if ((o & 16) != 0) {
            importer = importer.withDelimiter(';');
        }
        long[] passed = new long[1];
        ImportResult r;
        try {
            r = importer.read(new ByteArrayInputStream(Arrays.copyOfRange(input, 1, input.length)), resp -> {
                passed[0]++;
                if (!Lazy.VALIDATOR.validate(Lazy.SDG, resp).isValid()) {
                    throw new AssertionError("an imported response is invalid: " + Lazy.VALIDATOR.validate(Lazy.SDG, resp));
                }
            });
        } catch (CsvImportException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.problems().isEmpty()) {
                throw new AssertionError("refused without a reason", e);
            }
            return;
        }
        if (r.imported() != passed[0] || r.rejected() > 0 && r.rejections().isEmpty()) {
            throw new AssertionError("the result does not add up: " + r);
        }
    }
}

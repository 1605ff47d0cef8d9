package org.civicsurvey.io.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.civicsurvey.fuzz.FuzzTargets;
import org.civicsurvey.model.Instrument;

/**
 * Fuzzes the instrument JSON reader: any bytes give an instrument that writes and reads back equal,
 * or an {@link InvalidJsonException} listing problems with their paths; nothing else.
 */
class InstrumentJsonFuzzTest {
    @FuzzTest(maxDuration = FuzzTargets.SHORT_RUN)
    void fuzz(byte[] input) {
        Instrument instrument;
        try {
            instrument = InstrumentJson.read(new ByteArrayInputStream(input));
        } catch (InvalidJsonException e) {
            FuzzTargets.requireExplained(e, e.problems());
            return;
        }
        Instrument again = InstrumentJson.read(InstrumentJson.write(instrument));
        if (!again.equals(instrument)) {
            throw new AssertionError("an instrument read from JSON does not read back equal after writing");
        }
    }
}

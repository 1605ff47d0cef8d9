package org.civicsurvey.io.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.civicsurvey.fuzz.FuzzTargets;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ResponseValidator;

/**
 * Fuzzes the response JSON reader: any text gives a response that writes and reads back equal (and
 * that the validator can check), or an {@link InvalidJsonException} with paths; nothing else.
 */
class ResponseJsonFuzzTest {
    /** Created on the first input, once the fuzzer's agent is attached (see WideCsvImporterFuzzTest). */
    private static final class Lazy {
        static final ResponseValidator VALIDATOR = ResponseValidator.create();
    }

    @FuzzTest(maxDuration = FuzzTargets.SHORT_RUN)
    void fuzz(byte[] input) {
        Response response;
        try {
            response = ResponseJson.read(new String(input, StandardCharsets.UTF_8));
        } catch (InvalidJsonException e) {
            FuzzTargets.requireExplained(e, e.problems());
            return;
        }
        Response again = ResponseJson.read(ResponseJson.write(response));
        if (!again.equals(response)) {
            throw new AssertionError("a response read from JSON does not read back equal after writing");
        }
        Lazy.VALIDATOR.validate(StandardInstruments.sipas2017(), response);
    }
}

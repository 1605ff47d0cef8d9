package org.civicsurvey.io.surveyjs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.civicsurvey.fuzz.FuzzTargets;
import org.civicsurvey.io.json.InstrumentJson;

/**
 * Fuzzes the SurveyJS importer: any text gives an instrument (with the issues met, each with its
 * JSON path) that the instrument format can hold, or a {@link SurveyJsException} with paths.
 */
class SurveyJsImporterFuzzTest {
    @FuzzTest(maxDuration = FuzzTargets.SHORT_RUN)
    void fuzz(byte[] input) {
        SurveyJsImport result;
        try {
            result = SurveyJsImporter.withDefaults().read(new String(input, StandardCharsets.UTF_8));
        } catch (SurveyJsException e) {
            FuzzTargets.requireExplained(e, e.issues());
            return;
        }
        for (SurveyJsIssue issue : result.issues()) {
            if (issue.path() == null || issue.message().isBlank()) {
                throw new AssertionError("an issue without a path or message: " + issue);
            }
        }
        InstrumentJson.read(InstrumentJson.write(result.instrument()));
    }
}

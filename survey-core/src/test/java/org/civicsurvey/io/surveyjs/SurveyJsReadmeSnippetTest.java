package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;

/** The README's SurveyJS snippet, statement for statement (and docs/surveyjs.md's first example). */
class SurveyJsReadmeSnippetTest {
    @Test
    void readmeSnippet() throws IOException {
        // what the browser sends back: survey.data
        String surveyData = "{\"trust\": 4, \"went_well\": [\"ease\", \"other\"], \"went_well-Comment\": \"friendly staff\"}";
        String creatorJson;
        try (InputStream in = getClass().getResourceAsStream("/org/civicsurvey/io/surveyjs/foreign-survey.json")) {
            creatorJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> printed = new ArrayList<>();

        // --- README begins
        Instrument a11 = StandardInstruments.a11v2();
        String surveyJson = SurveyJsExporter.withDefaults().toJson(a11);      // new Survey.Model(surveyJson) in the page

        // on submit: survey.data, plus what the portal already knows about the transaction
        Response response = SurveyJsResults.forInstrument(a11).toResponse(surveyData,
                Response.builder("resp-1", a11.id(), a11.version())
                        .transaction(Transaction.of("HS-001", "passport-office", "renewal", "online", Instant.now())));
        ResponseValidator.create().requireValid(a11, response);

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity("my-form", "1").read(creatorJson);
        imported.issues().forEach(issue -> printed.add(issue.toString()));   // what did not map, with its JSON path
        // --- README ends

        assertThat(surveyJson).contains("\"type\" : \"rating\"", "\"visibleIf\" : \"{trust} >= 3\"");
        assertThat(response.answers()).containsEntry("trust", Answer.number(4))
                .containsEntry("went_well", Answer.choiceWithOther(List.of("ease", "other"), "friendly staff"));
        assertThat(printed).contains("pages[0].elements[7].type: 'signaturepad' is not supported; the element is left out");
        assertThat(imported.instrument().id()).isEqualTo("my-form");
    }
}

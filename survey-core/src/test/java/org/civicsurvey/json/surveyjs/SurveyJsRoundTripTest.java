package org.civicsurvey.json.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.civicsurvey.json.surveyjs.SurveyJsExporter.RatingLayout;
import org.civicsurvey.json.surveyjs.SurveyJsExporter.SectionLayout;
import org.civicsurvey.model.Instrument;

class SurveyJsRoundTripTest {
    static Stream<Arguments> cases() {
        return Fixtures.all().stream().flatMap(i -> Stream.of(SectionLayout.values())
                .flatMap(s -> Stream.of(RatingLayout.values()).map(r -> Arguments.of(i.id(), i, s, r))));
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("cases")
    void exportThenImportGivesTheSameInstrument(String id, Instrument instrument, SectionLayout sections, RatingLayout ratings) {
        String json = SurveyJsExporter.withDefaults().withSectionLayout(sections).withRatingLayout(ratings).toJson(instrument);

        SurveyJsImport imported = SurveyJsImporter.withDefaults().read(json);

        assertThat(imported.issues()).as(json).isEmpty();
        assertThat(imported.instrument()).isEqualTo(instrument);
    }
}

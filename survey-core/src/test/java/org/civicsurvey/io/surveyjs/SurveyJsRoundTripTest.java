package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.surveyjs.SurveyJsExporter.RatingLayout;
import org.civicsurvey.io.surveyjs.SurveyJsExporter.SectionLayout;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;

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

    @Test
    void theCasesCoverEveryStandardInstrument() {
        assertThat(Fixtures.all()).extracting(Instrument::id).containsAll(StandardInstruments.ids())
                .contains("sipas2017", "sipas2022", "a11v1", "a11v2", "sdg1662", "acsi", "cmt");
    }

    @Test
    void withoutMetadataTheDocumentedDefaultsReplaceWhatOnlyMetadataCarries() {
        Instrument full = Fixtures.full();
        String json = SurveyJsExporter.withDefaults().withMetadata(false).toJson(full);

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity(full.id(), full.version()).read(json);

        assertThat(imported.issues()).isEmpty();
        Instrument i = imported.instrument();
        // kept by SurveyJS itself
        assertThat(i.languages()).isEqualTo(full.languages());
        assertThat(i.title()).isEqualTo(full.title());
        assertThat(i.sections()).extracting(s -> s.id()).isEqualTo(full.sections().stream().map(s -> s.id()).toList());
        assertThat(i.questions()).extracting(q -> q.id()).isEqualTo(full.questions().stream().map(q -> q.id()).toList());
        for (var q : full.questions()) {
            if (!q.id().equals("visits")) {
                assertThat(i.question(q.id()).orElseThrow().showIf()).as(q.id()).isEqualTo(q.showIf());
            }
        }
        // the "other" option's own code (khac) is only in the metadata: SurveyJS calls it "other"
        assertThat(i.question("visits").orElseThrow().showIf())
                .contains(new org.civicsurvey.model.Condition.Chosen("contact", List.of("in-person", "other")));
        assertThat(i.questions()).extracting(q -> q.required()).isEqualTo(full.questions().stream().map(q -> q.required()).toList());
        assertThat(((NumberQuestion) i.question("visits").orElseThrow()).integer()).isTrue();
        RatingQuestion a1 = (RatingQuestion) i.question("a1").orElseThrow();
        RatingQuestion fullA1 = (RatingQuestion) full.question("a1").orElseThrow();
        assertThat(a1.scale().labels()).isEqualTo(fullA1.scale().labels());
        assertThat(a1.scale().positiveThreshold()).isEqualTo(4); // floor((1 + 5) / 2) + 1, equal by chance
        // replaced by the defaults
        assertThat(a1.scale().specialCodes()).extracting(SpecialCode::code, SpecialCode::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, SpecialStatus.DONT_KNOW),
                org.assertj.core.groups.Tuple.tuple(7, SpecialStatus.NOT_APPLICABLE),
                org.assertj.core.groups.Tuple.tuple(8, SpecialStatus.REFUSED));
        assertThat(a1.dimension()).isEmpty();
        assertThat(a1.tags()).isEmpty();
        assertThat(a1.scale().id()).isEmpty();
        assertThat(((RatingQuestion) i.question("a5").orElseThrow()).scale().positiveThreshold()).isEqualTo(6);
        assertThat(i.question("nps").orElseThrow()).isInstanceOf(RatingQuestion.class);
        ChoiceQuestion contact = (ChoiceQuestion) i.question("contact").orElseThrow();
        assertThat(contact.options()).extracting(ChoiceOption::code).isEqualTo(List.of("in-person", "online", "other"));
        assertThat(contact.isScored()).isFalse();
        assertThat(i.dimensions()).isEmpty();
        assertThat(i.scales()).isEmpty();
        assertThat(i.method()).isEmpty();
    }
}

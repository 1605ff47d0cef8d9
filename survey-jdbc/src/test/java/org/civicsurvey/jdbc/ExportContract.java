package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exports streamed from the store, on every database: the wide table reads back into the stored
 * responses, erased respondents are not in it, anonymised ones are as stored.
 */
abstract class ExportContract {
    private TestDatabase db;

    protected abstract TestDatabase database();

    @BeforeEach
    void openDatabase() {
        db = database();
    }

    @AfterEach
    void dropTables() throws SQLException {
        db.dropAll();
    }

    @Test
    void aStreamedWideExportReadsBackIntoTheStoredResponsesWithoutTheErasedOnes() {
        Instrument sipas = StandardInstruments.sipas2017();
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(db.freshNamespace())
            .withFetchSize(50));
        store.putInstrument(sipas);
        List<Response> saved = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            saved.add(Fixtures.sipasResponse(sipas, "e", i));
        }
        store.saveAll(saved);
        assertThat(store.erase("e7")).isTrue();
        assertThat(store.erase("e300")).isTrue();
        assertThat(store.anonymise("e8")).isTrue();
        ResponseFilter filter = ResponseFilter.all().instrument(sipas.id(), sipas.version());

        List<long[]> progress = new ArrayList<>();
        CsvExporter exporter = CsvExporter.create(sipas)
            .withProgress((phase, done, total) -> progress.add(new long[] {phase.ordinal(), done, total}));
        StringBuilder wide = new StringBuilder();
        ExportSummary summary = store.exportWide(filter, exporter, wide);
        assertThat(summary.responses()).isEqualTo(398);
        assertThat(summary.rows()).isEqualTo(398);
        assertThat(summary.attributes()).containsExactly("province", "sex");
        assertThat(progress).allMatch(p -> p[0] == Progress.Phase.EXPORT.ordinal() && p[2] == 398);
        assertThat(progress.get(progress.size() - 1)[1]).isEqualTo(398);

        List<Response> back = new ArrayList<>();
        ImportResult r = WideCsvImporter.create(sipas, exporter.columnMapping(summary.attributes()))
            .read(new ByteArrayInputStream(wide.toString().getBytes(StandardCharsets.UTF_8)), back::add);
        assertThat(r.errors()).isEmpty();
        List<Response> stored;
        try (Stream<Response> s = store.stream(filter)) {
            stored = s.sorted(Comparator.comparing(Response::id)).collect(Collectors.toList());
        }
        back.sort(Comparator.comparing(Response::id));
        assertThat(back).containsExactlyElementsOf(stored);
        assertThat(back).extracting(Response::id).doesNotContain("e7", "e300").contains("e8");
        Response anonymised = back.stream().filter(x -> x.id().equals("e8")).findFirst().orElseThrow();
        assertThat(anonymised.respondent()).isEmpty();
        // what the store holds for the others is what was saved
        assertThat(back.stream().filter(x -> x.id().equals("e9")).findFirst().orElseThrow()).isEqualTo(saved.get(9));
    }

    @Test
    void saveAllReportsProgressPartByPartWithIndicesInTheWholeBatch() {
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(db.freshNamespace())
            .withBatchChunkSize(10));
        store.putInstrument(Fixtures.instrument());
        List<Response> batch = new ArrayList<>(Fixtures.responses("p", 0, 250));
        batch.set(120, Response.builder("bad", "portal-rating", "1.0").answer("q1", 9).build());
        List<String> seen = new ArrayList<>();
        BatchResult r = store.saveAll(batch, (phase, done, total) -> seen.add(phase + " " + done + "/" + total));
        assertThat(seen).containsExactly("SAVE 0/250", "SAVE 100/250", "SAVE 200/250", "SAVE 250/250");
        assertThat(r.items()).hasSize(250);
        for (int i = 0; i < 250; i++) {
            assertThat(r.items().get(i).index()).isEqualTo(i);
            assertThat(r.items().get(i).responseId()).isEqualTo(batch.get(i).id());
        }
        assertThat(r.items().get(120).outcome()).isEqualTo(SaveOutcome.INVALID);
        assertThat(r.count(SaveOutcome.STORED)).isEqualTo(249);
        assertThat(store.count(ResponseFilter.all())).isEqualTo(249);
    }

    @Test
    void aLongExportHasOneRowPerAnswerAndTheFilterMustNameTheExportersInstrument() {
        Instrument sipas = StandardInstruments.sipas2017();
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(db.freshNamespace()));
        store.putInstrument(sipas);
        List<Response> saved = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            saved.add(Fixtures.sipasResponse(sipas, "l", i));
        }
        store.saveAll(saved);
        StringBuilder out = new StringBuilder();
        ExportSummary s = store.exportLong(ResponseFilter.all().instrument(sipas.id(), sipas.version()),
            CsvExporter.create(sipas).withAttributes(List.of("province", "sex")), out);
        long answers = saved.stream().mapToLong(x -> x.answers().size()).sum();
        assertThat(s.rows()).isEqualTo(answers);
        assertThat(out.toString().split("\r\n")).hasSize((int) answers + 1);
        assertThatThrownBy(() -> store.exportWide(ResponseFilter.all(), CsvExporter.create(sipas), new StringBuilder()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("export responses to instrument sipas2017 version 1.0: the filter must name that instrument and"
                + " version, not any instrument any version");
    }
}

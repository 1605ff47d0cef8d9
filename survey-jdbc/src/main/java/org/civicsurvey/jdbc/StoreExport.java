package org.civicsurvey.jdbc;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.model.Ids;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;

/**
 * Streams the responses a filter selects into a {@link CsvExporter} (as CSV, or as Parquet through
 * a {@link ParquetExporter}): first, when the exporter does
 * not fix the attribute columns, a pass that collects the attribute keys (memory grows with the
 * keys only), then the pass that writes, both through the store's streaming read.
 */
final class StoreExport {
    private final ResponseReader reader;

    StoreExport(ResponseReader reader) {
        this.reader = reader;
    }

    /** Writes the rows of a stream of responses with an exporter whose attribute columns are fixed. */
    interface Sink {
        long write(CsvExporter exporter, Iterator<Response> responses, long total);
    }

    ExportSummary export(ResponseFilter filter, CsvExporter exporter, boolean wide, Appendable out) {
        return export(filter, exporter, (e, it, total) -> wide ? e.writeWide(it, total, out) : e.writeLong(it, total, out));
    }

    ExportSummary export(ResponseFilter filter, CsvExporter exporter, Sink sink) {
        Instrument instrument = exporter.instrument();
        String op = "export responses to instrument " + instrument.id() + " version " + instrument.version();
        if (!filter.instrumentId().equals(java.util.Optional.of(instrument.id()))
            || !filter.instrumentVersion().equals(java.util.Optional.of(instrument.version()))) {
            throw new IllegalArgumentException(op + ": the filter must name that instrument and version, not "
                + filter.instrumentId().map(Ids::quote).orElse("any instrument") + " "
                + filter.instrumentVersion().map(Ids::quote).orElse("any version"));
        }
        CsvExporter e = exporter;
        if (e.attributes().isEmpty()) {
            TreeSet<String> keys = new TreeSet<>();
            try (Stream<Response> s = reader.stream(filter)) {
                s.forEach(r -> keys.addAll(r.respondent().keySet()));
            }
            e = e.withAttributes(List.copyOf(keys));
        }
        long total = reader.count(filter);
        long[] responses = new long[1];
        try (Stream<Response> s = reader.stream(filter)) {
            Iterator<Response> it = s.peek(r -> responses[0]++).iterator();
            long rows = sink.write(e, it, total);
            return new ExportSummary(responses[0], rows, e.attributes().orElseThrow());
        } catch (IllegalArgumentException ex) {
            throw new SurveyStoreException(op + ": " + ex.getMessage() + " (a response saved after the export started"
                + " brought a new attribute: run it again, or fix the columns with CsvExporter.withAttributes)", ex);
        } catch (UncheckedIOException ex) {
            throw new SurveyStoreException(op + ": writing failed: " + ex.getMessage(), ex);
        } catch (IllegalStateException ex) {
            // DuckDB missing for a Parquet export: what to add, not a store failure
            throw new IllegalStateException(op + ": " + ex.getMessage(), ex);
        }
    }
}

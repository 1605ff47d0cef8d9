package org.civicsurvey.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ValidationReport;

/**
 * A chunk of a batch validated and encoded: the invalid responses and the repeats inside the chunk
 * already decided, the rest encoded as rows to write. Preparing touches no database, so the batch
 * writer prepares the next two chunks on other threads while it writes one.
 */
final class PreparedChunk {

    /** The batch index of the chunk's first response. */
    final int offset;
    /** Per response its result; null until decided. */
    final BatchItem[] items;
    /** Per response its row to write, or null when already decided. */
    final ResponseRows.Row[] rows;
    /** The ids of the rows to write, without repeats. */
    final List<String> ids;
    /** Per row its binary COPY encoding (PostgreSQL), else null. */
    final CopyRow[] copyRows;
    /**
     * What the rows to write contribute to the rollup, when the store maintains it (else null):
     * appended when they are all inserted, as a new chunk's are.
     */
    final Rollup.Contributions contributions;
    /** The instrument versions of the rows, by {@link InstrumentRepository#key(Response)}. */
    private final Map<String, Instrument> instruments;

    private PreparedChunk(int offset, BatchItem[] items, ResponseRows.Row[] rows, List<String> ids, CopyRow[] copyRows,
            Rollup.Contributions contributions, Map<String, Instrument> instruments) {
        this.offset = offset;
        this.items = items;
        this.rows = rows;
        this.ids = ids;
        this.copyRows = copyRows;
        this.contributions = contributions;
        this.instruments = instruments;
    }

    /**
     * The instrument version of a row's response.
     *
     * @param r a response of one of the rows
     * @return its instrument version
     */
    Instrument instrument(Response r) {
        return instruments.get(InstrumentRepository.key(r));
    }

    /**
     * Validates and encodes a chunk.
     *
     * @param part the chunk's responses
     * @param offset the batch index of the first one
     * @param instruments the batch's instrument versions, by {@link InstrumentRepository#key(Response)}
     * @param tables how rows are written (whether COPY rows are encoded ahead)
     * @param rollup the store's rollup
     * @return the prepared chunk
     * @throws NullPointerException naming {@code responses[i]} for a null response
     */
    static PreparedChunk prepare(List<Response> part, int offset, Map<String, Optional<Instrument>> instruments,
            Tables tables, Rollup rollup) {
        BatchItem[] items = new BatchItem[part.size()];
        // 1. validate, and group the valid ones by instrument version for encoding
        Map<String, List<Integer>> byInstrument = new LinkedHashMap<>();
        Map<String, Instrument> chunkInstruments = new HashMap<>();
        for (int i = 0; i < part.size(); i++) {
            Response r = Objects.requireNonNull(part.get(i), "responses[" + (offset + i) + "]");
            String key = InstrumentRepository.key(r);
            Optional<Instrument> instrument = instruments.get(key);
            ValidationReport report = instrument.isPresent() ? StoreValidation.validate(instrument.get(), r)
                    : StoreValidation.unknownInstrument(r);
            if (!report.isValid()) {
                items[i] = new BatchItem(offset + i, r.id(), SaveOutcome.INVALID, report.messages());
                continue;
            }
            chunkInstruments.put(key, instrument.get());
            byInstrument.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        ResponseRows.Row[] rows = new ResponseRows.Row[part.size()];
        for (Map.Entry<String, List<Integer>> e : byInstrument.entrySet()) {
            List<Response> group = new ArrayList<>(e.getValue().size());
            e.getValue().forEach(i -> group.add(part.get(i)));
            List<ResponseRows.Row> encoded = ResponseRows.encode(chunkInstruments.get(e.getKey()), group);
            for (int g = 0; g < encoded.size(); g++) {
                rows[e.getValue().get(g)] = encoded.get(g);
            }
        }
        // 2. repeats of one id inside the chunk: the first one counts
        Map<String, Integer> firstById = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                continue;
            }
            Integer first = firstById.putIfAbsent(rows[i].response().id(), i);
            if (first != null) {
                boolean same = rows[first].contentHash().equals(rows[i].contentHash());
                items[i] = new BatchItem(offset + i, rows[i].response().id(), same ? SaveOutcome.DUPLICATE : SaveOutcome.CONFLICT,
                        same ? List.of() : List.of("id: repeated in the batch with different content"));
                rows[i] = null;
            }
        }
        // 3. on PostgreSQL, the binary COPY row too, so the writing thread only sends it; and 4. the
        // rows' rollup contributions at every kept level, row by row while each response is in the cache
        CopyRow[] copyRows = new CopyRow[rows.length];
        boolean copy = tables.copies() && rows.length >= Tables.COPY_MIN_ROWS;
        Rollup.Contributions contributions = rollup.maintained() ? rollup.contributions() : null;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                continue;
            }
            if (copy) {
                copyRows[i] = tables.copyRow(rows[i]);
            }
            if (contributions != null) {
                contributions.inserted(rows[i], chunkInstruments.get(InstrumentRepository.key(rows[i].response())));
            }
        }
        if (contributions != null) {
            contributions.seal();
        }
        return new PreparedChunk(offset, items, rows, new ArrayList<>(firstById.keySet()), copyRows, contributions,
                chunkInstruments);
    }

    /** The batch index of the chunk's last response. */
    int last() {
        return offset + items.length - 1;
    }
}

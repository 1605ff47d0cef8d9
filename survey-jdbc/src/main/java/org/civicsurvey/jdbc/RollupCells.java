package org.civicsurvey.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.response.Response;

/**
 * Mergeable rollup sums being gathered: per cell (instrument, version, status, agency, service,
 * channel, province, period bucket, submission bucket) and code, a count and weight sums. What one
 * stored response contributes ({@link #add}) is the same whether it comes from a response being
 * saved or a stored row being erased, replaced or rebuilt from, so the rollup always equals the sums
 * of the stored rows.
 *
 * <p>Codes: {@code 0} the response itself (n, rows with a positive weight, Σw, Σw²); {@code
 * position * 4096 + slot} an answer to a rating, NPS or number question, the slot as in the stored
 * answer codes ({@link ResponseRows#answerCode}: a valid integer value's own slot, else the status
 * digit), a valid number answer with Σwy, Σwy², Σw²y, Σw²y² too (slot 0 whatever its value); with
 * cross-products, {@code (code_a << 32) | code_b} for a pair of valid answers to two rating or NPS
 * questions {@code a < b} of one response (Σw²).
 */
final class RollupCells {

    /** Shift of the first code of a pair code. */
    static final int PAIR_SHIFT = 32;

    /** A rollup cell's key; null fields are "no value". */
    record Cell(String instrumentId, String version, String status, String agency, String service, String channel,
            String province, Integer periodBucket, Integer submittedBucket) {

        /**
         * A hash with every field mixed in: the record's own sums its fields' hashes times 31, under
         * which cells that differ only in their buckets (a month is 100 apart) fell into few bins.
         */
        @Override
        public int hashCode() {
            // level 0 keeps every field
            return hashAtLevel(0);
        }

        /**
         * The hash of the cell this (finest) cell falls in at a level ({@link Rollup#levelOf}),
         * without making that cell.
         *
         * @param level the level
         * @return the hash
         */
        int hashAtLevel(int level) {
            long h = mix(0, instrumentId);
            h = mix(h, version);
            h = mix(h, status);
            h = mix(h, Rollup.keepsAgency(level) ? agency : null);
            h = mix(h, Rollup.keepsService(level) ? service : null);
            h = mix(h, Rollup.keepsChannel(level) ? channel : null);
            h = mix(h, Rollup.keepsProvince(level) ? province : null);
            h = mix(h, periodBucket);
            h = mix(h, submittedBucket);
            return (int) (h ^ (h >>> 32));
        }

        /**
         * Whether this cell is the one a finest cell falls in at a level: {@code
         * equals(Rollup.levelOf(fine, level))} without making that cell.
         *
         * @param fine the finest cell
         * @param level the level
         * @return whether they are the same cell
         */
        boolean sameAtLevel(Cell fine, int level) {
            return java.util.Objects.equals(periodBucket, fine.periodBucket)
                    && java.util.Objects.equals(submittedBucket, fine.submittedBucket)
                    && java.util.Objects.equals(province, Rollup.keepsProvince(level) ? fine.province : null)
                    && java.util.Objects.equals(service, Rollup.keepsService(level) ? fine.service : null)
                    && java.util.Objects.equals(agency, Rollup.keepsAgency(level) ? fine.agency : null)
                    && java.util.Objects.equals(channel, Rollup.keepsChannel(level) ? fine.channel : null)
                    && java.util.Objects.equals(status, fine.status) && java.util.Objects.equals(version, fine.version)
                    && java.util.Objects.equals(instrumentId, fine.instrumentId);
        }

        private static long mix(long h, Object field) {
            return (h + (field == null ? 0x5bd1e995L : field.hashCode())) * 0x9E3779B97F4A7C15L;
        }

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Cell && sameAtLevel((Cell) o, 0);
        }
    }

    /** The sums of one (cell, code). */
    static final class Sums {
        long n;
        long positive;
        double w;
        double w2;
        double wy;
        double wy2;
        double w2y;
        double w2y2;

        void add(Sums o) {
            n += o.n;
            positive += o.positive;
            w += o.w;
            w2 += o.w2;
            wy += o.wy;
            wy2 += o.wy2;
            w2y += o.w2y;
            w2y2 += o.w2y2;
        }

        boolean sameCounts(Sums o) {
            return n == o.n && positive == o.positive;
        }

        boolean sameSums(Sums o, double tolerance) {
            return close(w, o.w, tolerance) && close(w2, o.w2, tolerance) && close(wy, o.wy, tolerance)
                    && close(wy2, o.wy2, tolerance) && close(w2y, o.w2y, tolerance) && close(w2y2, o.w2y2, tolerance);
        }

        private static boolean close(double a, double b, double tolerance) {
            return Math.abs(a - b) <= tolerance * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
        }
    }

    /**
     * What one stored response row holds that the rollup counts.
     *
     * @param instrumentId instrument id
     * @param version instrument version
     * @param status the status name
     * @param agency agency or null
     * @param service service or null
     * @param channel channel or null
     * @param province province or null
     * @param submitted the period column (submission time, else transaction time) as stored, or null
     * @param transaction the transaction time as stored, or null
     * @param weight the weight, or null for 1
     * @param values per question position its valid numeric value or null
     * @param statuses per question position its status digit
     * @param codes per question position its {@linkplain ResponseRows#answerCode answer code}, or
     *     null to work them out from the values and statuses
     */
    record Facts(String instrumentId, String version, String status, String agency, String service, String channel,
            String province, Instant submitted, Instant transaction, Double weight, Double[] values, String statuses,
            int[] codes) {
    }

    /** The aggregated questions of an instrument: 1-based positions and whether each is categorical. */
    record Layout(int[] positions, boolean[] categorical) {

        static Layout of(Instrument instrument) {
            List<Question> questions = instrument.questions();
            List<Integer> positions = new ArrayList<>();
            List<Boolean> categorical = new ArrayList<>();
            for (int j = 0; j < questions.size(); j++) {
                QuestionKind kind = questions.get(j).kind();
                if (kind == QuestionKind.RATING || kind == QuestionKind.NPS || kind == QuestionKind.NUMBER) {
                    positions.add(j + 1);
                    categorical.add(kind != QuestionKind.NUMBER);
                }
            }
            int[] p = new int[positions.size()];
            boolean[] c = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = positions.get(i);
                c[i] = categorical.get(i);
            }
            return new Layout(p, c);
        }
    }

    private final RollupBucket bucket;
    private final ZoneId zone;
    private final boolean crossProducts;
    private final Map<Cell, CodeSums> cells = new HashMap<>();

    RollupCells(RollupBucket bucket, ZoneId zone, boolean crossProducts) {
        this.bucket = bucket;
        this.zone = zone;
        this.crossProducts = crossProducts;
    }

    /**
     * The bucket of an instant: its date in the zone as {@code yyyymmdd}, the first of the month for
     * month buckets.
     *
     * @param t the instant, or null
     * @param bucket the bucket
     * @param zone the zone
     * @return the bucket, or null for none
     */
    static Integer bucketOf(Instant t, RollupBucket bucket, ZoneId zone) {
        if (t == null) {
            return null;
        }
        LocalDate d = t.atZone(zone).toLocalDate();
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + (bucket == RollupBucket.DAY ? d.getDayOfMonth() : 1);
    }

    /** The last bucket {@link #bucket} worked out, and the instants it spans. */
    private Instant bucketFrom;
    private Instant bucketTo;
    private Integer lastBucket;

    /**
     * {@link #bucketOf(Instant, RollupBucket, ZoneId)} in this gathering's bucket and zone, the last
     * bucket kept: a chunk's responses mostly fall into a few buckets.
     *
     * @param t the instant, or null
     * @return the bucket, or null for none
     */
    Integer bucket(Instant t) {
        if (t == null) {
            return null;
        }
        if (bucketFrom != null && !t.isBefore(bucketFrom) && t.isBefore(bucketTo)) {
            return lastBucket;
        }
        LocalDate d = t.atZone(zone).toLocalDate();
        LocalDate first = bucket == RollupBucket.DAY ? d : d.withDayOfMonth(1);
        LocalDate next = bucket == RollupBucket.DAY ? first.plusDays(1) : first.plusMonths(1);
        // the local date only grows with the instant: the bucket's instants run from the start of
        // its first day to the start of the next bucket's (whatever a daylight-saving change moves)
        bucketFrom = first.atStartOfDay(zone).toInstant();
        bucketTo = next.atStartOfDay(zone).toInstant();
        lastBucket = bucketOf(t, bucket, zone);
        return lastBucket;
    }

    /**
     * What a response about to be inserted contributes, as the database will store it; null when
     * the stored time may fall into another bucket than the response's own. The period and
     * transaction columns keep milliseconds, rounded by some databases and cut by others, so a time
     * with a finer part within a millisecond before a bucket starts is read back from the row.
     *
     * @param row the encoded row
     * @param instrument its instrument version (whose id and version strings the facts share, so
     *     that cells compare them by identity)
     * @return its facts, or null when they must be read from the stored row
     */
    Facts factsOf(ResponseRows.Row row, Instrument instrument) {
        Response r = row.response();
        Instant submitted = ResponseRows.periodInstant(r).orElse(null);
        Instant transaction = r.transaction().time().orElse(null);
        if (straddles(submitted) || straddles(transaction)) {
            return null;
        }
        return new Facts(instrument.id(), instrument.version(), r.status().name(), r.transaction().agency().orElse(null),
                r.transaction().service().orElse(null), r.transaction().channel().orElse(null), ResponseRows.province(r),
                submitted, transaction, r.weight().isPresent() ? r.weight().getAsDouble() : null, row.values(),
                row.statuses(), row.codes());
    }

    /** Whether an instant's millisecond, cut or rounded up, lies in two buckets. */
    private boolean straddles(Instant t) {
        if (t == null || t.getNano() % 1_000_000 == 0) {
            return false;
        }
        Instant down = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return !bucketOf(down, bucket, zone).equals(bucketOf(down.plusMillis(1), bucket, zone));
    }

    /**
     * A bucket as the date it starts on.
     *
     * @param bucket {@code yyyymmdd}
     * @return the date
     */
    static LocalDate date(int bucket) {
        return LocalDate.of(bucket / 10_000, bucket / 100 % 100, bucket % 100);
    }

    /**
     * Adds (sign 1) or subtracts (sign −1) what one stored response contributes.
     *
     * @param layout the instrument's aggregated questions
     * @param f the response's facts
     * @param sign 1 or −1
     */
    void add(Layout layout, Facts f, int sign) {
        RollupCells[] self = {this};
        addAtLevels(self, new int[] {0}, layout, f, sign);
    }

    /**
     * Adds (sign 1) or subtracts (sign −1) what one stored response contributes to its cell at
     * several levels at once: the response's codes are worked out once.
     *
     * @param into per level its sums (each with the same bucket, zone and cross-products)
     * @param levels the level of each element of {@code into}
     * @param layout the instrument's aggregated questions
     * @param f the response's facts
     * @param sign 1 or −1
     */
    static void addAtLevels(RollupCells[] into, int[] levels, Layout layout, Facts f, int sign) {
        Coded coded = into[0].coded(layout, f);
        for (int l = 0; l < into.length; l++) {
            RollupCells target = into[l];
            CodeSums sums = target.codes(Rollup.levelOf(coded.fine(), levels[l]));
            long n = sign;
            double sw = sign * coded.w();
            double sw2 = sign * coded.w() * coded.w();
            long[] codes = coded.codes();
            sums.add(sums.index(0L), n, coded.w() > 0 ? n : 0, sw, sw2);
            for (int e = 1; e < coded.size(); e++) {
                int slot = sums.index(codes[e]);
                sums.add(slot, n, 0, sw, sw2);
                if (coded.numeric()[e]) {
                    double y = coded.y()[e];
                    sums.addMoments(slot, sw * y, sw * y * y, sw2 * y, sw2 * y * y);
                }
            }
            target.largest = Math.max(target.largest, sums.size());
        }
    }

    /**
     * What one response adds to each cell it falls in: its finest cell, its weight, and its codes
     * in the order they are added: 0 (the response itself) first, then one per aggregated question,
     * then the pairs of valid rating answers when cross-products are kept.
     *
     * @param fine the finest cell
     * @param w the weight
     * @param codes the codes; the first {@code size} are used
     * @param numeric per code whether it carries a numeric answer's value
     * @param y per code that value
     * @param size the number of codes
     * @param anyNumeric whether some code carries a numeric answer's value
     */
    record Coded(Cell fine, double w, long[] codes, boolean[] numeric, double[] y, int size, boolean anyNumeric) {
    }

    /** The arrays {@link #coded} fills, reused: a {@link Coded} is read before the next one is asked for. */
    private long[] codesScratch = new long[0];
    private boolean[] numericScratch = new boolean[0];
    private double[] yScratch = new double[0];
    private int[] validScratch = new int[0];

    /**
     * Works out a response's cell and codes ({@link Coded}), in arrays this gathering reuses for the
     * next response: what it returns is to be added before {@code coded} is called again.
     *
     * @param layout the instrument's aggregated questions
     * @param f the response's facts
     * @return what it adds
     */
    Coded coded(Layout layout, Facts f) {
        Instant grouped = f.transaction() != null ? f.transaction() : f.submitted();
        Cell fine = new Cell(f.instrumentId(), f.version(), f.status(), f.agency(), f.service(), f.channel(),
                f.province(), bucket(grouped), bucket(f.submitted()));
        double w = f.weight() == null ? 1.0 : f.weight();
        int[] positions = layout.positions();
        int k = positions.length;
        int size = 1 + k;
        int length = crossProducts ? 1 + k + k * (k - 1) / 2 : size;
        if (codesScratch.length < length) {
            codesScratch = new long[length];
            numericScratch = new boolean[length];
            yScratch = new double[length];
        }
        if (crossProducts && validScratch.length < k) {
            validScratch = new int[k];
        }
        int[] validCodes = crossProducts ? validScratch : null;
        long[] codes = codesScratch;
        boolean[] numeric = numericScratch;
        double[] y = yScratch;
        // only the answers' codes (1 to k) may carry a value
        java.util.Arrays.fill(numeric, 0, size, false);
        codes[0] = 0;
        boolean anyNumeric = false;
        for (int i = 0; i < k; i++) {
            int j = positions[i];
            byte status = (byte) (f.statuses().charAt(j - 1) - '0');
            Double value = f.values()[j - 1];
            boolean numericValue = !layout.categorical()[i] && status == AnswerStatus.VALID.code() && value != null;
            int code;
            if (numericValue) {
                code = j * ResponseRows.CODE_STRIDE;
                numeric[1 + i] = true;
                anyNumeric = true;
                y[1 + i] = value;
            } else {
                code = f.codes() != null ? f.codes()[j - 1]
                        : ResponseRows.answerCode(j, status, value == null ? Double.NaN : value);
            }
            codes[1 + i] = code;
            if (validCodes != null) {
                validCodes[i] = layout.categorical()[i] && status == AnswerStatus.VALID.code() && value != null ? code : -1;
            }
        }
        if (validCodes != null) {
            for (int a = 0; a < k; a++) {
                if (validCodes[a] < 0) {
                    continue;
                }
                for (int b = a + 1; b < k; b++) {
                    if (validCodes[b] >= 0) {
                        codes[size++] = ((long) validCodes[a] << PAIR_SHIFT) | validCodes[b];
                    }
                }
            }
        }
        return new Coded(fine, w, codes, numeric, y, size, anyNumeric);
    }

    /**
     * Adds a packed cell read from the rollup tables ({@link CodeSums#pack()}).
     *
     * @param cell the cell
     * @param packed its sums
     */
    void addPacked(Cell cell, byte[] packed) {
        CodeSums sums = codes(cell);
        sums.addPacked(packed);
        largest = Math.max(largest, sums.size());
    }

    CodeSums codes(Cell cell) {
        CodeSums sums = cells.get(cell);
        if (sums == null) {
            // as many codes as the largest cell so far: a new cell of a chunk does not grow step by step
            sums = new CodeSums(largest);
            cells.put(cell, sums);
        }
        return sums;
    }

    /** Codes a new cell makes room for: the largest cell's so far, or what {@link #expectCodes} says. */
    private int largest;

    /**
     * Makes new cells start with room for some codes, so that a save's cells, which gather every
     * answer of their responses, do not grow step by step.
     *
     * @param codes the codes a cell will likely hold
     */
    void expectCodes(int codes) {
        largest = Math.max(largest, codes);
    }

    /** @return the codes of the largest cell so far (or as {@link #expectCodes} said) */
    int largestCell() {
        return largest;
    }

    /**
     * Adds one cell's sums of every code to a cell.
     *
     * @param cell the cell
     * @param codes the sums to add
     */
    void addCell(Cell cell, CodeSums codes) {
        codes(cell).addAll(codes);
    }

    /**
     * Adds every cell of another gathering.
     *
     * @param other the other sums
     */
    void addAll(RollupCells other) {
        other.cells.forEach(this::addCell);
    }

    /** @return the cells and their sums per code */
    Map<Cell, CodeSums> cells() {
        return cells;
    }

    /** @return whether nothing was added */
    boolean isEmpty() {
        return cells.isEmpty();
    }
}

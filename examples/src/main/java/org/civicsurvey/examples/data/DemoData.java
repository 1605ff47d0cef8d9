package org.civicsurvey.examples.data;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.stats.Exclusion;

/**
 * A seeded, SIPAS-shaped demo sample (the 2017&ndash;2020 questionnaire,
 * {@link StandardInstruments#sipas2017()}): respondents in Viet Nam's 63 provinces, each split into
 * an urban and a rural stratum, 20 public services of 8 agencies, three channels, transaction dates
 * over the eight quarters from 2024-Q4 to 2026-Q3, design weights, and answers to the 22 criteria
 * on the 1..5 scale of which about 3% are "don't know".
 *
 * <p>The answers are stored as columns ({@link #answers}: one {@code byte[]} per criterion, codes
 * 0..4 for 1..5 and {@link Exclusion#DONT_KNOW}'s code for don't know), so a benchmark can read
 * a million respondents without objects; {@link #responses()} turns them into {@link Response}s
 * for a portal or a store. The same seed always gives the same sample.
 *
 * <p><b>Model.</b> Respondent i in province p answers criterion k with the category of
 * {@code x = person_i + item_k + e_ik + 0.4} cut at -1.6, -0.9, -0.1, 0.9, where
 * {@code person_i ~ N(province_p, 0.8)}, {@code province_p ~ N(0, 0.3)}, {@code item_k ~ N(0, 0.2)}
 * and {@code e_ik ~ N(0, 0.7)}; each answer is "don't know" with probability 0.03. 60% of
 * respondents are rural (weight 90, urban 60, times a log-normal factor {@code exp(0.4 N(0,1))}).
 * The answers, provinces, services, strata and weights come from one random stream in that order,
 * exactly as the benchmarks module's generator draws them; the channel, date, sex, age band and the
 * screening answer {@code pa_used} (30% "yes") come from a second stream, so adding them changed no
 * answer. Respondents who answer {@code pa_used = no} are not shown {@code pa3} and {@code pa4}:
 * {@link #responses()} leaves those answers out (the columns keep them).
 */
public final class DemoData {
    /** Number of rating criteria of SIPAS 2017. */
    public static final int ITEMS = 22;
    /** Number of provinces. */
    public static final int PROVINCES = 63;
    /** Number of services. */
    public static final int SERVICES = 20;
    /** The first day of the first quarter of transaction dates. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2024, 10, 1);
    /** The number of quarters of transaction dates. */
    public static final int QUARTERS = 8;

    /** The provinces and centrally governed cities of Viet Nam (63, as before the 2025 merger). */
    public static final List<String> PROVINCE_NAMES = List.of(
        "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ",
        "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
        "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
        "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương",
        "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
        "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
        "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
        "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
        "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái");

    /** Province ids: the names without diacritics, lower case, words joined by '-'. */
    public static final List<String> PROVINCES_IDS = PROVINCE_NAMES.stream().map(DemoData::slug).toList();

    /** Agency ids (the department that handles a service). */
    public static final List<String> AGENCIES = List.of("so-tu-phap", "so-ke-hoach-dau-tu", "so-tai-nguyen-moi-truong",
        "so-giao-thong-van-tai", "so-xay-dung", "so-lao-dong", "cong-an", "ubnd-xa");

    /** Service ids, 20; {@link #agencyOfService(int)} gives each one's agency. */
    public static final List<String> SERVICE_IDS = List.of(
        "ly-lich-tu-phap", "chung-thuc", "quoc-tich",
        "dang-ky-doanh-nghiep", "dau-tu",
        "dat-dai", "moi-truong", "tai-nguyen-nuoc",
        "giay-phep-lai-xe", "dang-ky-xe", "van-tai",
        "giay-phep-xay-dung", "nha-o",
        "bao-hiem-that-nghiep", "nguoi-co-cong",
        "cu-tru", "can-cuoc",
        "khai-sinh", "ket-hon", "khai-tu");

    private static final int[] SERVICE_AGENCY = {0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7};

    /** Channel ids. */
    public static final List<String> CHANNELS = List.of("in_person", "online", "post");

    private static final double[] CUTS = {-1.6, -0.9, -0.1, 0.9};

    /** Per criterion (in instrument order), one code per respondent: 0..4 for 1..5, negative for don't know. */
    public final byte[][] answers;
    /** Province 0..62 per respondent (index into {@link #PROVINCE_NAMES}). */
    public final int[] province;
    /** Service 0..19 per respondent (index into {@link #SERVICE_IDS}). */
    public final int[] service;
    /** Stratum {@code 2 * province + (rural ? 1 : 0)} per respondent. */
    public final int[] stratum;
    /** Design weight per respondent. */
    public final double[] weight;
    /** Channel 0..2 per respondent (index into {@link #CHANNELS}). */
    public final int[] channel;
    /** Day of the transaction, days since {@link #FIRST_DAY}. */
    public final int[] day;
    /** Sex per respondent: 0 female, 1 male. */
    public final int[] sex;
    /** Age band per respondent, index into {@link #AGE_BANDS}. */
    public final int[] ageBand;
    /** Whether the respondent made a suggestion or complaint (SIPAS question {@code pa_used}). */
    public final boolean[] madeComplaint;

    /** The SIPAS age bands. */
    public static final List<String> AGE_BANDS = List.of("18-25", "25-34", "35-49", "50-60", "60+");

    private final long seed;

    private DemoData(int n, long seed) {
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        answers = new byte[ITEMS][n];
        province = new int[n];
        service = new int[n];
        stratum = new int[n];
        weight = new double[n];
        double[] provinceEffect = new double[PROVINCES];
        for (int p = 0; p < PROVINCES; p++) {
            provinceEffect[p] = random.nextGaussian() * 0.3;
        }
        double[] itemEffect = new double[ITEMS];
        for (int k = 0; k < ITEMS; k++) {
            itemEffect[k] = random.nextGaussian() * 0.2;
        }
        for (int i = 0; i < n; i++) {
            int p = random.nextInt(PROVINCES);
            boolean rural = random.nextDouble() < 0.6;
            province[i] = p;
            service[i] = random.nextInt(SERVICES);
            stratum[i] = 2 * p + (rural ? 1 : 0);
            weight[i] = (rural ? 90 : 60) * Math.exp(0.4 * random.nextGaussian());
            double person = random.nextGaussian() * 0.8 + provinceEffect[p];
            for (int k = 0; k < ITEMS; k++) {
                if (random.nextDouble() < 0.03) {
                    answers[k][i] = Exclusion.DONT_KNOW.code();
                    continue;
                }
                double x = person + itemEffect[k] + random.nextGaussian() * 0.7 + 0.4;
                int code = 0;
                while (code < 4 && x > CUTS[code]) {
                    code++;
                }
                answers[k][i] = (byte) code;
            }
        }
        SplittableRandom extra = new SplittableRandom(seed ^ 0x5DEECE66DL);
        channel = new int[n];
        day = new int[n];
        sex = new int[n];
        ageBand = new int[n];
        madeComplaint = new boolean[n];
        int days = (int) (FIRST_DAY.plusMonths(3L * QUARTERS).toEpochDay() - FIRST_DAY.toEpochDay());
        for (int i = 0; i < n; i++) {
            double c = extra.nextDouble();
            channel[i] = c < 0.55 ? 0 : c < 0.9 ? 1 : 2;
            day[i] = extra.nextInt(days);
            sex[i] = extra.nextDouble() < 0.52 ? 0 : 1;
            ageBand[i] = extra.nextInt(AGE_BANDS.size());
            madeComplaint[i] = extra.nextDouble() < 0.3;
        }
    }

    /**
     * Generates a sample.
     *
     * @param respondents number of respondents, at least 1
     * @param seed the random seed
     * @return the sample
     * @throws IllegalArgumentException if {@code respondents < 1}
     */
    public static DemoData generate(int respondents, long seed) {
        if (respondents < 1) {
            throw new IllegalArgumentException("respondents is " + respondents + "; must be >= 1");
        }
        return new DemoData(respondents, seed);
    }

    /**
     * The number of respondents.
     *
     * @return the number of respondents
     */
    public int size() {
        return weight.length;
    }

    /**
     * The agency that handles a service.
     *
     * @param service a service index 0..19
     * @return its agency index into {@link #AGENCIES}
     * @throws IndexOutOfBoundsException if the index is not 0..19
     */
    public static int agencyOfService(int service) {
        return SERVICE_AGENCY[java.util.Objects.checkIndex(service, SERVICES)];
    }

    /**
     * The case file id of respondent i: {@code DEMO-<seed>-<i>}, zero-padded to 7 digits.
     *
     * @param i the respondent
     * @return the case file id
     */
    public String caseFileId(int i) {
        java.util.Objects.checkIndex(i, size());
        return String.format(Locale.ROOT, "DEMO-%d-%07d", seed, i);
    }

    /**
     * The transaction time of respondent i: 08:00 UTC plus a few hours on its day.
     *
     * @param i the respondent
     * @return the time
     */
    public Instant time(int i) {
        return FIRST_DAY.plusDays(day[i]).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(8 * 3600L + (i % 8) * 3600L);
    }

    /**
     * The sample as complete SIPAS 2017 responses: ids {@code demo-<seed>-<i>}, the transaction
     * (case file, agency, service, channel, time), the respondent (province, sex, age band, area)
     * and the design weight; submitted one day after the transaction.
     *
     * @return the responses, valid for {@link StandardInstruments#sipas2017()}
     */
    public List<Response> responses() {
        Instrument instrument = StandardInstruments.sipas2017();
        List<RatingQuestion> items = instrument.ratingItems();
        if (items.size() != ITEMS) {
            throw new IllegalStateException("SIPAS 2017 has " + items.size() + " rating items; the generator makes " + ITEMS);
        }
        List<Response> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            Instant time = time(i);
            Response.Builder b = Response.builder("demo-" + seed + "-" + i, instrument.id(), instrument.version())
                .transaction(Transaction.of(caseFileId(i), AGENCIES.get(agencyOfService(service[i])),
                    SERVICE_IDS.get(service[i]), CHANNELS.get(channel[i]), time))
                .respondent("province", PROVINCES_IDS.get(province[i]))
                .respondent("sex", sex[i] == 0 ? "female" : "male")
                .respondent("ageBand", AGE_BANDS.get(ageBand[i]))
                .respondent("area", stratum[i] % 2 == 1 ? "rural" : "urban")
                .weight(weight[i])
                .submittedAt(time.plusSeconds(86_400));
            b.choice("pa_used", madeComplaint[i] ? "yes" : "no");
            for (int k = 0; k < ITEMS; k++) {
                String q = items.get(k).id();
                if (!madeComplaint[i] && ("pa3".equals(q) || "pa4".equals(q))) {
                    continue;
                }
                int code = answers[k][i];
                if (code < 0) {
                    b.special(q, SpecialStatus.DONT_KNOW);
                } else {
                    b.answer(q, code + 1);
                }
            }
            out.add(b.build());
        }
        return out;
    }

    /**
     * The column layout of {@link #writeCsv(Appendable)} for the library's CSV importer: the
     * respondent id, case file, agency, service, channel, date, weight, the respondent attributes
     * province, sex, age band, area and stratum, and one column per question named by its id.
     *
     * @return the mapping
     */
    public static org.civicsurvey.io.csv.ColumnMapping csvLayout() {
        return org.civicsurvey.io.csv.ColumnMapping.builder().id("respondent").caseFile("case_file").agency("agency")
            .service("service").channel("channel").time("date").weight("weight").respondent("province", "province")
            .respondent("sex", "sex").respondent("age_band", "age_band").respondent("area", "area")
            .respondent("stratum", "stratum").questionsByHeader().build();
    }

    /** The CSV code of a "don't know" answer in {@link #writeCsv(Appendable)}. */
    public static final int CSV_DONT_KNOW = 98;

    /**
     * Writes the sample as CSV, one row per respondent: {@code respondent, case_file, province,
     * agency, service, channel, date, sex, age_band, area, stratum, weight, pa_used}, then the 22
     * criteria in instrument order with 1..5, {@value #CSV_DONT_KNOW} for don't know and an empty
     * cell when not shown ({@code pa3}, {@code pa4} when {@code pa_used = no}).
     *
     * @param out where to write
     * @throws java.io.IOException if writing fails
     */
    public void writeCsv(Appendable out) throws java.io.IOException {
        List<RatingQuestion> items = StandardInstruments.sipas2017().ratingItems();
        StringBuilder line = new StringBuilder(
            "respondent,case_file,province,agency,service,channel,date,sex,age_band,area,stratum,weight,pa_used");
        for (RatingQuestion q : items) {
            line.append(',').append(q.id());
        }
        out.append(line).append('\n');
        for (int i = 0; i < size(); i++) {
            line.setLength(0);
            line.append("demo-").append(seed).append('-').append(i).append(',').append(caseFileId(i)).append(',')
                .append(PROVINCES_IDS.get(province[i])).append(',').append(AGENCIES.get(agencyOfService(service[i]))).append(',')
                .append(SERVICE_IDS.get(service[i])).append(',').append(CHANNELS.get(channel[i])).append(',')
                .append(FIRST_DAY.plusDays(day[i])).append(',').append(sex[i] == 0 ? "female" : "male").append(',')
                .append(AGE_BANDS.get(ageBand[i])).append(',').append(stratum[i] % 2 == 1 ? "rural" : "urban").append(',')
                .append(stratum[i]).append(',').append(weight[i]).append(',').append(madeComplaint[i] ? "yes" : "no");
            for (int k = 0; k < ITEMS; k++) {
                line.append(',');
                String q = items.get(k).id();
                if (!madeComplaint[i] && ("pa3".equals(q) || "pa4".equals(q))) {
                    continue;
                }
                int code = answers[k][i];
                line.append(code < 0 ? CSV_DONT_KNOW : code + 1);
            }
            out.append(line).append('\n');
        }
    }

    /**
     * Writes a sample as CSV ({@link #writeCsv(Appendable)}).
     *
     * @param args {@code path [respondents [seed]]}, default 10,000 respondents, seed 2026
     * @throws java.io.IOException if writing fails
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 1) {
            System.err.println("usage: DemoData path.csv [respondents [seed]]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 2026;
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(args[0]),
            java.nio.charset.StandardCharsets.UTF_8)) {
            generate(n, seed).writeCsv(w);
        }
        System.err.println("wrote " + n + " respondents (seed " + seed + ") to " + args[0]);
    }

    static String slug(String name) {
        String ascii = Normalizer.normalize(name.replace('Đ', 'D').replace('đ', 'd'), Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}

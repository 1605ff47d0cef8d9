package org.civicsurvey.jdbc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;

/** The test instrument and reproducible random responses to it. */
public final class Fixtures {

    public static final List<String> AGENCIES = List.of("so-tu-phap", "so-xay-dung", "ubnd-q1");
    public static final List<String> SERVICES = List.of("ly-lich", "giay-phep", "ho-tich", "dat-dai");
    public static final List<String> PROVINCES = List.of("HN", "HCM", "DN", "HP", "CT");
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Fixtures() {
    }

    public static Instrument instrument() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/org/civicsurvey/jdbc/portal-rating.json")) {
            return InstrumentJson.read(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Response {@code prefix + i}, with answers, transaction and attributes drawn from a seeded generator. */
    public static Response response(String prefix, int i) {
        SplittableRandom rng = new SplittableRandom(i * 7919L + 13);
        Response.Builder b = Response.builder(prefix + i, "portal-rating", "1.0");
        b.answer("q1", 1 + rng.nextInt(5));
        int q2 = rng.nextInt(7);
        if (q2 == 5) {
            b.answer("q2", Answer.special(SpecialStatus.DONT_KNOW));
        } else if (q2 < 5) {
            b.answer("q2", 1 + q2);
        }
        int q3 = rng.nextInt(6);
        if (q3 == 5) {
            b.answer("q3", Answer.special(SpecialStatus.NOT_APPLICABLE));
        } else {
            b.answer("q3", 1 + q3);
        }
        b.answer("channel", Answer.choice(rng.nextBoolean() ? "online" : "office"));
        b.answer("visits", rng.nextInt(6));
        Instant time = START.plusSeconds(rng.nextLong(366L * 24 * 3600));
        b.transaction(Transaction.of("HS-" + prefix + i, AGENCIES.get(rng.nextInt(AGENCIES.size())),
                SERVICES.get(rng.nextInt(SERVICES.size())), rng.nextBoolean() ? "online" : "office", time));
        b.respondent("province", PROVINCES.get(rng.nextInt(PROVINCES.size())));
        b.respondent("sex", rng.nextBoolean() ? "female" : "male");
        if (rng.nextInt(4) > 0) {
            b.respondent("ageBand", List.of("18-25", "25-34", "35-49", "50-60", "60+").get(rng.nextInt(5)));
        }
        b.weight(0.5 + rng.nextInt(8) * 0.25);
        b.submittedAt(time.plusSeconds(600));
        return b.build();
    }

    /**
     * Response {@code prefix + i} to the standard SIPAS 2017 instrument: every rating item answered
     * 1-5, don't know or not applicable; the complaint items {@code pa3}, {@code pa4} only after
     * {@code pa_used = yes}; province, sex, weight and submission time drawn as above.
     */
    public static Response sipasResponse(Instrument sipas, String prefix, int i) {
        SplittableRandom rng = new SplittableRandom(i * 104729L + 7);
        Response.Builder b = Response.builder(prefix + i, sipas.id(), sipas.version());
        boolean used = rng.nextInt(3) > 0;
        b.answer("pa_used", Answer.choice(used ? "yes" : "no"));
        int bias = rng.nextInt(3);
        for (var q : sipas.ratingItems()) {
            if (!used && (q.id().equals("pa3") || q.id().equals("pa4"))) {
                continue;
            }
            int x = rng.nextInt(20);
            if (x == 0) {
                b.answer(q.id(), Answer.special(SpecialStatus.DONT_KNOW));
            } else if (x == 1) {
                b.answer(q.id(), Answer.special(SpecialStatus.NOT_APPLICABLE));
            } else {
                b.answer(q.id(), Math.min(5, 1 + bias + rng.nextInt(4)));
            }
        }
        Instant time = START.plusSeconds(rng.nextLong(366L * 24 * 3600));
        b.respondent("province", PROVINCES.get(rng.nextInt(PROVINCES.size())));
        b.respondent("sex", rng.nextBoolean() ? "female" : "male");
        b.weight(0.5 + rng.nextInt(8) * 0.25);
        b.submittedAt(time);
        return b.build();
    }

    public static List<Response> responses(String prefix, int from, int to) {
        List<Response> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(response(prefix, i));
        }
        return out;
    }
}

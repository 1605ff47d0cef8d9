package org.civicsurvey.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * The hand-written check of a response's field constraints ({@link ResponseValidator#fieldsHold})
 * against Hibernate Validator: the constraints it knows are exactly the annotations, and on hostile
 * values it never says "valid" where Hibernate Validator finds a violation.
 */
class ResponseFieldRulesTest {

    private static final Validator HIBERNATE = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void theCheckKnowsExactlyTheConstraintsTheAnnotationsDeclare() {
        // what ResponseValidator.fieldsHold checks, one line per constraint; a constraint added to
        // Response or Transaction fails this test until the check learns it
        Set<String> known = Set.of(
                "Response.id NotBlank",
                "Response.id Size(max=128, min=0)",
                "Response.id Pattern(flags=[], regexp=" + Response.ID_REGEX + ")",
                "Response.instrumentId NotBlank",
                "Response.instrumentId Size(max=64, min=0)",
                "Response.instrumentVersion NotBlank",
                "Response.instrumentVersion Size(max=32, min=0)",
                "Response.answers Size(max=2000, min=0)",
                "Response.transaction cascaded",
                "Response.respondent Size(max=64, min=0)",
                "Response.respondent<0> Pattern(flags=[], regexp=[A-Za-z][A-Za-z0-9_.-]{0,63})",
                "Response.respondent<1> NotBlank",
                "Response.respondent<1> Size(max=200, min=0)",
                "Response.weight Positive",
                "Transaction.caseFileId<0> Size(max=200, min=1)",
                "Transaction.agency<0> Size(max=200, min=1)",
                "Transaction.service<0> Size(max=200, min=1)",
                "Transaction.channel<0> Size(max=200, min=1)");
        Set<String> declared = new TreeSet<>();
        declared.addAll(constraints(Response.class));
        declared.addAll(constraints(Transaction.class));
        assertThat(declared).containsExactlyInAnyOrderElementsOf(known);
    }

    private static Set<String> constraints(Class<?> type) {
        Set<String> out = new TreeSet<>();
        BeanDescriptor bean = HIBERNATE.getConstraintsForClass(type);
        for (ConstraintDescriptor<?> c : bean.getConstraintDescriptors()) {
            out.add(type.getSimpleName() + " " + describe(c));
        }
        for (PropertyDescriptor p : bean.getConstrainedProperties()) {
            String name = type.getSimpleName() + "." + p.getPropertyName();
            for (ConstraintDescriptor<?> c : p.getConstraintDescriptors()) {
                out.add(name + " " + describe(c));
            }
            if (p.isCascaded()) {
                out.add(name + " cascaded");
            }
            for (ContainerElementTypeDescriptor e : p.getConstrainedContainerElementTypes()) {
                for (ConstraintDescriptor<?> c : e.getConstraintDescriptors()) {
                    out.add(name + "<" + e.getTypeArgumentIndex() + "> " + describe(c));
                }
                if (e.isCascaded()) {
                    out.add(name + "<" + e.getTypeArgumentIndex() + "> cascaded");
                }
            }
        }
        return out;
    }

    private static String describe(ConstraintDescriptor<?> c) {
        Map<String, Object> attributes = new TreeMap<>(c.getAttributes());
        attributes.keySet().removeAll(Set.of("message", "groups", "payload"));
        List<String> parts = new ArrayList<>();
        attributes.forEach((k, v) -> parts.add(k + "=" + (v instanceof Object[] ? java.util.Arrays.toString((Object[]) v) : v)));
        String name = c.getAnnotation().annotationType().getSimpleName();
        return parts.isEmpty() ? name : name + "(" + String.join(", ", parts) + ")";
    }

    private static final String[] TEXTS = {"", " ", "\t", "\u00a0", "\u2003", "\u0000", "\u001f ", " x ", "a", "A-1",
        "a b", "x:y.z_1", "_a", "1a", "é", "\uD83D\uDE00", "a\uD83D\uDE00", "'; DROP TABLE r; --", "a".repeat(32),
        "a".repeat(33), "a".repeat(63), "a".repeat(64), "a".repeat(65), "a".repeat(128), "a".repeat(129),
        "a".repeat(200), "a".repeat(201), "\u2003".repeat(200), "b".repeat(199) + "\uD83D\uDE00"};
    private static final double[] WEIGHTS = {-1, -0.0, 0.0, Double.MIN_VALUE, 1e-300, 0.5, 1, 1e300};

    @Test
    void theCheckNeverPassesAResponseHibernateValidatorRejects() {
        Random random = new Random(2026);
        int passed = 0;
        int rejected = 0;
        for (int k = 0; k < 20_000; k++) {
            Response r = hostile(random);
            boolean holds = ResponseValidator.fieldsHold(r);
            boolean clean = HIBERNATE.validate(r).isEmpty();
            if (holds) {
                assertThat(clean).as("fieldsHold passed what Hibernate Validator rejects: %s", r).isTrue();
                passed++;
            }
            if (!clean) {
                rejected++;
            }
        }
        // both kinds occur often enough for the comparison to mean something
        assertThat(passed).isGreaterThan(500);
        assertThat(rejected).isGreaterThan(5_000);
    }

    @Test
    void sizesOfWholeMapsAreCheckedToo() {
        Response.Builder many = Response.builder("r1", "form", "1");
        for (int i = 0; i <= Response.MAX_ANSWERS; i++) {
            many.answer("q" + i, 1);
        }
        Response tooManyAnswers = many.build();
        assertThat(ResponseValidator.fieldsHold(tooManyAnswers)).isFalse();
        assertThat(HIBERNATE.validate(tooManyAnswers)).isNotEmpty();
        Response.Builder attributes = Response.builder("r2", "form", "1");
        for (int i = 0; i <= Response.MAX_ATTRIBUTES; i++) {
            attributes.respondent("a" + i, "x");
        }
        Response tooManyAttributes = attributes.build();
        assertThat(ResponseValidator.fieldsHold(tooManyAttributes)).isFalse();
        assertThat(HIBERNATE.validate(tooManyAttributes)).isNotEmpty();
        // the ordinary response takes the short way
        Response ordinary = Response.builder("HS-2024.0001:a", "sipas", "2017").answer("q1", 4)
                .transaction(Transaction.of("HS-1", "agency", "service", "online", Instant.EPOCH))
                .respondent("province", "Hà Nội").weight(1.5).build();
        assertThat(ResponseValidator.fieldsHold(ordinary)).isTrue();
        assertThat(HIBERNATE.validate(ordinary)).isEmpty();
    }

    private static Response hostile(Random random) {
        // mostly ordinary values, each field hostile now and then
        String id = random.nextInt(4) == 0 ? pick(random) : "r" + random.nextInt(1000);
        String instrument = random.nextInt(6) == 0 ? pick(random) : "sipas";
        String version = random.nextInt(6) == 0 ? pick(random) : "2017";
        Response.Builder b = Response.builder(id, instrument, version).answer("q1", 3);
        if (random.nextInt(3) == 0) {
            b.weight(WEIGHTS[random.nextInt(WEIGHTS.length)]);
        }
        int attributes = random.nextInt(3);
        for (int a = 0; a < attributes; a++) {
            b.respondent(random.nextInt(4) == 0 ? pick(random) : "k" + a, random.nextInt(4) == 0 ? pick(random) : "v");
        }
        b.transaction(new Transaction(text(random), text(random), text(random), text(random), Optional.empty()));
        return b.build();
    }

    private static Optional<String> text(Random random) {
        int x = random.nextInt(10);
        return x < 5 ? Optional.empty() : x < 8 ? Optional.of("ok") : Optional.of(pick(random));
    }

    private static String pick(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}

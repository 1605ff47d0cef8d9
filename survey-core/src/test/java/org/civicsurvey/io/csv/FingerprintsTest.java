package org.civicsurvey.io.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ids pass's fingerprint set agrees with a HashSet over many ids, across segment growth. */
class FingerprintsTest {
    @Test
    void agreesWithAHashSet() {
        Fingerprints f = new Fingerprints();
        Set<Long> reference = new HashSet<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            long fp = Fingerprints.of("id-" + rnd.nextInt(200_000));
            assertThat(f.add(fp)).isEqualTo(reference.add(fp));
        }
        assertThat(f.size()).isEqualTo(reference.size());
        for (long fp : reference) {
            assertThat(f.contains(fp)).isTrue();
        }
        assertThat(f.contains(Fingerprints.of("never added"))).isFalse();
        assertThat(Fingerprints.of("a")).isNotEqualTo(Fingerprints.of("b")).isNotZero();
    }
}

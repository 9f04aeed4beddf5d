package io.privacity.dp.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

class FrequencyOracleProperties {

  @Property(tries = 300)
  void realizedEpsilon_conservativeAndTight(
      @ForAll @DoubleRange(min = 0.001, max = 20) @Scale(3) double eps,
      @ForAll @IntRange(min = 2, max = 1 << 24) int k) {
    for (FrequencyOracle o :
        new FrequencyOracle[] {
          FrequencyOracle.directEncoding(k, eps),
          FrequencyOracle.optimizedUnaryEncoding(k, eps),
          FrequencyOracle.optimizedLocalHashing(k, eps)
        }) {
      assertTrue(o.epsilon() <= eps && o.epsilon() >= eps - 1e-8, o + " vs " + eps);
      // Exact: a/b <= e^ε, i.e. the randomizer's likelihood ratio is within the claim.
      assertTrue(o.expNum() > o.expDen());
      assertTrue(Math.log((double) o.expNum() / o.expDen()) <= o.epsilon() + 1e-15);
      assertTrue(o.supportProbability() > o.falseSupportProbability());
    }
  }

  @Property(tries = 200)
  void clientOutputs_inRange(
      @ForAll @IntRange(min = 2, max = 200) int k,
      @ForAll @DoubleRange(min = 0.05, max = 8) double eps,
      @ForAll long seed) {
    Randomness r = Randomness.insecureSeeded(seed);
    int value = (int) Math.floorMod(seed, (long) k);
    FrequencyOracle de = FrequencyOracle.directEncoding(k, eps);
    int v = KrrClient.of(de, r).randomize(value).value();
    assertTrue(v >= 0 && v < k);
    FrequencyOracle oue = FrequencyOracle.optimizedUnaryEncoding(k, eps);
    OueReport bits = OueClient.of(oue, r).randomize(value);
    assertEquals((k + 63) / 64, bits.words().length);
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(k, eps);
    OlhReport h = OlhClient.of(olh, r).randomize(value);
    assertTrue(h.bucket() >= 0 && h.bucket() < olh.hashRange());
  }

  @Property(tries = 200)
  void hashAll_agreesWithHash_andStaysInRange(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 1 << 20) int range) {
    SeededHash h = new SeededHash(seed, range);
    int k = 300;
    int[] all = new int[k];
    h.hashAll(k, all);
    int[] one = new int[k];
    for (int x = 0; x < k; x++) {
      one[x] = h.hash(x);
      assertTrue(one[x] >= 0 && one[x] < range);
    }
    assertArrayEquals(all, one);
  }

  @Property(tries = 100)
  void memoized_reportsRepeat(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int value) {
    MemoizingRandomizer<OueReport> device =
        MemoizingRandomizer.of(
            OueClient.of(
                FrequencyOracle.optimizedUnaryEncoding(10, 1), Randomness.insecureSeeded(seed)));
    OueReport first = device.randomize(value);
    for (int i = 0; i < 5; i++) {
      assertEquals(first, device.randomize(value));
    }
  }
}

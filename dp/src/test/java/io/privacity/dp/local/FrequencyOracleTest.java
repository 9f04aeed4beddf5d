package io.privacity.dp.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrequencyOracleTest {

  static Stream<Arguments> factories() {
    BiFunction<Integer, Double, FrequencyOracle> de = FrequencyOracle::directEncoding;
    BiFunction<Integer, Double, FrequencyOracle> oue = FrequencyOracle::optimizedUnaryEncoding;
    BiFunction<Integer, Double, FrequencyOracle> olh = FrequencyOracle::optimizedLocalHashing;
    return Stream.of(Arguments.of("DE", de), Arguments.of("OUE", oue), Arguments.of("OLH", olh));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factories")
  void epsilon_invalid_throws(String name, BiFunction<Integer, Double, FrequencyOracle> f) {
    for (double eps :
        new double[] {
          Double.NaN, 0, -0.0, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.apply(4, eps));
      assertEquals("epsilon must be finite and > 0, got " + eps, e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.apply(4, 20.5));
    assertEquals("epsilon must be finite, > 0 and <= 20.0, got 20.5", e.getMessage());
    IllegalArgumentException tiny =
        assertThrows(IllegalArgumentException.class, () -> f.apply(4, 1e-18));
    assertTrue(tiny.getMessage().startsWith("epsilon is too small to realize exactly"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factories")
  void k_outOfRange_throws(String name, BiFunction<Integer, Double, FrequencyOracle> f) {
    for (int k : new int[] {Integer.MIN_VALUE, -1, 0, 1, (1 << 24) + 1}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.apply(k, 1.0));
      assertEquals("k must be in [2, 16777216], got " + k, e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factories")
  void realizedEpsilon_atMostRequested_andClose(
      String name, BiFunction<Integer, Double, FrequencyOracle> f) {
    for (double eps : new double[] {1e-6, 0.01, 0.5, 1, Math.log(3), 4, 20}) {
      FrequencyOracle o = f.apply(30, eps);
      assertTrue(o.epsilon() <= eps, o + " requested " + eps);
      assertTrue(o.epsilon() >= eps - 1e-8, o + " requested " + eps);
      assertEquals(PrivacyLoss.pure(o.epsilon()), o.guarantee().loss());
      assertTrue(o.guarantee().toJson().contains("\"requestedEpsilon\":" + eps));
    }
  }

  @Test
  void olh_hashRange_isRoundedExpEpsilonPlusOne() {
    assertEquals(4, FrequencyOracle.optimizedLocalHashing(30, 1).hashRange()); // e ≈ 2.72
    assertEquals(2, FrequencyOracle.optimizedLocalHashing(30, 0.1).hashRange());
    assertEquals(56, FrequencyOracle.optimizedLocalHashing(30, 4).hashRange()); // e^4 ≈ 54.6
  }

  @Test
  void probabilities_matchWangEtAl() {
    double e = Math.exp(1);
    FrequencyOracle de = FrequencyOracle.directEncoding(10, 1);
    assertEquals(e / (e + 9), de.supportProbability(), 1e-9);
    assertEquals(1 / (e + 9), de.falseSupportProbability(), 1e-9);
    FrequencyOracle oue = FrequencyOracle.optimizedUnaryEncoding(10, 1);
    assertEquals(0.5, oue.supportProbability());
    assertEquals(1 / (e + 1), oue.falseSupportProbability(), 1e-9);
    // OUE variance n·4e^ε/(e^ε−1)² (Wang et al. 2017, Eq. 10).
    assertEquals(1000 * 4 * e / ((e - 1) * (e - 1)), oue.approximateVariance(1000), 1e-6);
  }

  @Test
  void variance_badArguments_throw() {
    FrequencyOracle o = FrequencyOracle.directEncoding(4, 1);
    assertThrows(IllegalArgumentException.class, () -> o.variance(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> o.variance(10, 11));
    assertThrows(IllegalArgumentException.class, () -> o.variance(10, -1));
    assertThrows(IllegalArgumentException.class, () -> o.variance(10, Double.NaN));
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 5, Integer.MAX_VALUE})
  void clients_valueOutOfRange_throws(int value) {
    Randomness r = Randomness.insecureSeeded(1);
    for (LocalRandomizer<?> c :
        new LocalRandomizer<?>[] {
          KrrClient.of(FrequencyOracle.directEncoding(5, 1), r),
          OueClient.of(FrequencyOracle.optimizedUnaryEncoding(5, 1), r),
          OlhClient.of(FrequencyOracle.optimizedLocalHashing(5, 1), r),
          MemoizingRandomizer.of(OlhClient.of(FrequencyOracle.optimizedLocalHashing(5, 1), r))
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> c.randomize(value));
      assertEquals("value must be in [0, 4], got " + value, e.getMessage());
    }
  }

  @Test
  void clientsAndServers_wrongProtocolOrNull_throw() {
    FrequencyOracle de = FrequencyOracle.directEncoding(5, 1);
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(5, 1);
    assertEquals(
        "oracle must use protocol OPTIMIZED_LOCAL_HASHING, got DIRECT_ENCODING",
        assertThrows(IllegalArgumentException.class, () -> OlhClient.of(de)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> KrrClient.of(olh));
    assertThrows(IllegalArgumentException.class, () -> OueClient.of(de));
    assertThrows(IllegalArgumentException.class, () -> KrrServer.of(olh));
    assertThrows(IllegalArgumentException.class, () -> OueServer.of(olh));
    assertThrows(IllegalArgumentException.class, () -> OlhServer.of(de));
    assertThrows(IllegalArgumentException.class, () -> OlhServer.of(null));
    assertThrows(IllegalArgumentException.class, () -> KrrClient.of(null));
    assertThrows(IllegalArgumentException.class, () -> KrrClient.of(de, null));
    assertThrows(IllegalArgumentException.class, () -> MemoizingRandomizer.of(null));
  }

  @Test
  void server_refusesReportsOfAnotherProtocolOrOtherParameters() {
    Randomness r = Randomness.insecureSeeded(3);
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(5, 1);
    OlhServer server = OlhServer.of(olh);
    LdpReport krr = KrrClient.of(FrequencyOracle.directEncoding(5, 1), r).randomize(0);
    LdpReport oue = OueClient.of(FrequencyOracle.optimizedUnaryEncoding(5, 1), r).randomize(0);
    LdpReport otherEps = OlhClient.of(FrequencyOracle.optimizedLocalHashing(5, 2), r).randomize(0);
    LdpReport otherK = OlhClient.of(FrequencyOracle.optimizedLocalHashing(6, 1), r).randomize(0);
    for (LdpReport bad : new LdpReport[] {krr, oue, otherEps, otherK}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> server.add(bad));
      assertTrue(e.getMessage().startsWith("report must come from " + olh), e.getMessage());
    }
    assertEquals(
        "report must not be null",
        assertThrows(IllegalArgumentException.class, () -> server.add(null)).getMessage());
    assertEquals(0, server.reports(), "refused reports are not counted");
    server.add(OlhClient.of(olh, r).randomize(3));
    assertEquals(1, server.reports());
  }

  @Test
  void reports_validateTheirFields() {
    FrequencyOracle oue = FrequencyOracle.optimizedUnaryEncoding(5, 1);
    assertThrows(IllegalArgumentException.class, () -> new KrrReport(oue, 0));
    assertThrows(IllegalArgumentException.class, () -> new KrrReport(null, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new KrrReport(FrequencyOracle.directEncoding(5, 1), 5));
    assertEquals(
        "words must have length (k+63)/64=1, got 2",
        assertThrows(IllegalArgumentException.class, () -> new OueReport(oue, new long[2]))
            .getMessage());
    assertEquals(
        "words must have no bit set at positions >= k=5",
        assertThrows(IllegalArgumentException.class, () -> new OueReport(oue, new long[] {32}))
            .getMessage());
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(5, 1);
    assertEquals(
        "bucket must be in [0, 3], got 4",
        assertThrows(IllegalArgumentException.class, () -> new OlhReport(olh, 1, 4)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OlhReport(olh, 1, -1));
  }

  @Test
  void oueReport_isImmutableValue() {
    FrequencyOracle oue = FrequencyOracle.optimizedUnaryEncoding(5, 1);
    long[] words = {0b10101};
    OueReport r = new OueReport(oue, words);
    words[0] = 0;
    assertTrue(r.bit(0) && !r.bit(1) && r.bit(4));
    r.words()[0] = 0;
    assertTrue(r.bit(0));
    assertEquals(new OueReport(oue, new long[] {0b10101}), r);
    assertNotEquals(new OueReport(oue, new long[] {0b10100}), r);
    assertEquals("OueReport[10101]", r.toString());
  }

  @Test
  void memoizing_sameValueSameReport_andSpendsPerDistinctValue() {
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(30, 1);
    MemoizingRandomizer<OlhReport> device =
        MemoizingRandomizer.of(OlhClient.of(olh, Randomness.insecureSeeded(5)));
    assertEquals(PrivacyLoss.NONE, device.spent());
    OlhReport first = device.randomize(7);
    for (int day = 0; day < 100; day++) {
      assertSame(first, device.randomize(7));
    }
    assertEquals(1, device.distinctValues());
    assertEquals(olh.epsilon(), device.spent().epsilon(), 0);
    OlhReport other = device.randomize(8);
    assertFalse(other == first);
    assertEquals(2 * olh.epsilon(), device.spent().epsilon(), 1e-15);
  }

  @Test
  void estimate_accessorsValidate() {
    FrequencyOracle de = FrequencyOracle.directEncoding(3, 1);
    KrrServer s = KrrServer.of(de);
    KrrClient c = KrrClient.of(de, Randomness.insecureSeeded(1));
    for (int i = 0; i < 100; i++) {
      s.add(c.randomize(i % 3));
    }
    FrequencyEstimate e = s.estimate();
    assertEquals(100, e.reports());
    assertThrows(IllegalArgumentException.class, () -> e.count(3));
    assertThrows(IllegalArgumentException.class, () -> e.variance(-1));
    assertThrows(IllegalArgumentException.class, () -> e.confidenceInterval(0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> e.confidenceInterval(0, Double.NaN));
    assertTrue(e.confidenceInterval(0, 0.95).contains(e.count(0)));
    double total = 0;
    for (double x : e.counts()) {
      total += x;
    }
    assertEquals(100, total, 1e-6, "direct-encoding estimates sum to n");
    assertTrue(e.toString().startsWith("FrequencyEstimate{DIRECT_ENCODING"));
  }
}

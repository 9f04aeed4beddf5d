package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormatPreservingPseudonymizerTest {
  private static final KeysetHandle MASTER = Pseudonymizer.generateMasterKeyset();
  private static final String DIGITS = "0123456789";
  private static final String RADIX36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  static List<String[]> vectors() throws IOException {
    try (InputStream in =
        FormatPreservingPseudonymizerTest.class.getResourceAsStream(
            "/testvectors/ff1-sp800-38g.tsv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("\t", -1))
          .toList();
    }
  }

  private static byte[] symbols(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) RADIX36.indexOf(s.charAt(i));
    }
    return b;
  }

  private static String text(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(RADIX36.charAt(x));
    }
    return sb.toString();
  }

  @Test
  void nistSamples_encryptAndDecrypt() throws Exception {
    List<String[]> vs = vectors();
    assertEquals(6, vs.size());
    for (String[] v : vs) {
      byte[] key = HexFormat.of().parseHex(v[1]);
      int radix = Integer.parseInt(v[2]);
      byte[] tweak = HexFormat.of().parseHex(v[3]);
      assertEquals(
          v[5],
          text(
              FormatPreservingPseudonymizer.ff1ForTestVectors(
                  key, radix, tweak, symbols(v[4]), true)),
          "sample " + v[0]);
      assertEquals(
          v[4],
          text(
              FormatPreservingPseudonymizer.ff1ForTestVectors(
                  key, radix, tweak, symbols(v[5]), false)),
          "sample " + v[0]);
    }
  }

  @Test
  void cardNumbers_keepFormat_andReverse() {
    FormatPreservingPseudonymizer f =
        FormatPreservingPseudonymizer.of(MASTER, "transit-cards", DIGITS, 16);
    String p = f.pseudonymize("4012888888881881");
    assertEquals(16, p.length());
    assertTrue(p.matches("[0-9]{16}"));
    assertNotEquals("4012888888881881", p);
    assertEquals("4012888888881881", f.reverse(p));
    assertEquals(BigInteger.TEN.pow(16), f.domainSize());
  }

  @Test
  void domains_giveUnrelatedPermutations() {
    String a =
        FormatPreservingPseudonymizer.of(MASTER, "transit-cards", DIGITS, 10)
            .pseudonymize("0123456789");
    String b =
        FormatPreservingPseudonymizer.of(MASTER, "energy-meters", DIGITS, 10)
            .pseudonymize("0123456789");
    assertNotEquals(a, b);
  }

  @Test
  void smallestAllowedDomain_isOneMillion() {
    assertEquals(
        BigInteger.valueOf(1_000_000),
        FormatPreservingPseudonymizer.of(MASTER, "meters", DIGITS, 6).domainSize());
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("domain below 10^6 (10^5)", "must be >= 10^6"),
        Arguments.of("domain below 10^6 (26^4)", "must be >= 10^6"),
        Arguments.of("binary alphabet length 19", "must be >= 10^6"),
        Arguments.of("length 1", "length must be >= 2"),
        Arguments.of("alphabet of one", "alphabet must have 2-256 distinct characters"),
        Arguments.of("null alphabet", "alphabet must have 2-256 distinct characters"),
        Arguments.of("repeated alphabet", "alphabet must have distinct characters"),
        Arguments.of("bad domain", "domain must be 1-64 lower-case"),
        Arguments.of("null keyset", "masterKeyset must not be null"),
        Arguments.of("empty identifier", "identifier must be a non-empty string"),
        Arguments.of("null identifier", "identifier must be a non-empty string"),
        Arguments.of("wrong length", "identifier must have exactly 8 characters, got 7"),
        Arguments.of("outside alphabet", "identifier must use only characters of"),
        Arguments.of("bad pseudonym", "pseudonym must use only characters of"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInput_throwsIllegalArgumentNamingTheProblem(String label, String message) {
    FormatPreservingPseudonymizer f = FormatPreservingPseudonymizer.of(MASTER, "meters", DIGITS, 8);
    Executable call =
        switch (label) {
          case "domain below 10^6 (10^5)" ->
              () -> FormatPreservingPseudonymizer.of(MASTER, "meters", DIGITS, 5);
          case "domain below 10^6 (26^4)" ->
              () ->
                  FormatPreservingPseudonymizer.of(
                      MASTER, "plates", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4);
          case "binary alphabet length 19" ->
              () -> FormatPreservingPseudonymizer.of(MASTER, "bits", "01", 19);
          case "length 1" -> () -> FormatPreservingPseudonymizer.of(MASTER, "meters", DIGITS, 1);
          case "alphabet of one" -> () -> FormatPreservingPseudonymizer.of(MASTER, "m", "0", 30);
          case "null alphabet" -> () -> FormatPreservingPseudonymizer.of(MASTER, "m", null, 30);
          case "repeated alphabet" ->
              () -> FormatPreservingPseudonymizer.of(MASTER, "m", "0123456789012", 30);
          case "bad domain" -> () -> FormatPreservingPseudonymizer.of(MASTER, "M M", DIGITS, 8);
          case "null keyset" -> () -> FormatPreservingPseudonymizer.of(null, "m", DIGITS, 8);
          case "empty identifier" -> () -> f.pseudonymize("");
          case "null identifier" -> () -> f.pseudonymize(null);
          case "wrong length" -> () -> f.pseudonymize("1234567");
          case "outside alphabet" -> () -> f.pseudonymize("1234567x");
          case "bad pseudonym" -> () -> f.reverse("1234567-");
          default -> throw new AssertionError(label);
        };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void toString_revealsNoKey() {
    assertEquals(
        "FormatPreservingPseudonymizer[FF1-AES256, domain meters, 10^8 values]",
        FormatPreservingPseudonymizer.of(MASTER, "meters", DIGITS, 8).toString());
  }
}

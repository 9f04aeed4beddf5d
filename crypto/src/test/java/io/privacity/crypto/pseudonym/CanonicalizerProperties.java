package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Licence plates of EU alphabets are accepted, and invisible format characters (Unicode Cf) cannot
 * make a second spelling of a plate: before issue 15, {@code "ÄB-CD 123"} was refused and {@code
 * "AB\u200B123CD"} was refused or (with {@code trimmed()}) a different identity than {@code
 * "AB123CD"}, and refusals echoed the raw value.
 */
class CanonicalizerProperties {
  private static final Canonicalizer PLATE = Canonicalizer.licencePlate();

  /** Format characters (Cf) a copy-paste or an OCR step may leave in a string. */
  private static final char[] FORMAT = {
    '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u202A',
    '\u202C', '\u2066', '\u2069', '\u061C', '\u180E'
  };

  @Provide
  Arbitrary<String> euPlates() {
    Arbitrary<Character> letter = Arbitraries.of("ABCDEFGHJKLMNPRSTUVWXYZÄÖÜÅÆØČŠŽ".toCharArray());
    Arbitrary<String> letters =
        letter.list().ofMinSize(1).ofMaxSize(3).map(CanonicalizerProperties::join);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4);
    return Combinators.combine(letters, letters, digits).as((a, b, d) -> a + b + d);
  }

  private static String join(java.util.List<Character> cs) {
    StringBuilder sb = new StringBuilder();
    cs.forEach(sb::append);
    return sb.toString();
  }

  @Property(tries = 2000)
  void formatCharacters_anywhere_doNotChangeThePlate(
      @ForAll("euPlates") String plate,
      @ForAll("positions") java.util.List<Integer> positions,
      @ForAll("formats") java.util.List<Character> formats) {
    StringBuilder sb = new StringBuilder(plate);
    for (int i = 0; i < Math.min(positions.size(), formats.size()); i++) {
      sb.insert(Math.floorMod(positions.get(i), sb.length() + 1), formats.get(i));
    }
    assertEquals(PLATE.canonicalize(plate), PLATE.canonicalize(sb.toString()));
    assertEquals(
        Canonicalizer.trimmed().canonicalize(plate),
        Canonicalizer.trimmed().canonicalize(sb.toString()));
  }

  @Provide
  Arbitrary<java.util.List<Integer>> positions() {
    return Arbitraries.integers().between(0, 64).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<java.util.List<Character>> formats() {
    return Arbitraries.of(new String(FORMAT).chars().mapToObj(c -> (char) c).toList())
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Property(tries = 1000)
  void euPlates_areAccepted_inAnySpelling_andDecomposedUmlautsEqualPrecomposedOnes(
      @ForAll("euPlates") String plate) {
    String c = PLATE.canonicalize(plate);
    assertEquals(plate, c);
    // Separators between characters (never between a letter and its combining mark), lower case,
    // and every umlaut decomposed into a base letter and a combining mark.
    String withSeparators =
        java.text.Normalizer.normalize(
                plate.substring(0, 1) + "-" + plate.substring(1) + " ",
                java.text.Normalizer.Form.NFD)
            .toLowerCase(java.util.Locale.ROOT);
    assertEquals(c, PLATE.canonicalize(withSeparators));
  }

  @Example
  void germanPlatesWithUmlauts_areAccepted() {
    assertEquals("ÄBCD123", PLATE.canonicalize("ÄB-CD 123"));
    assertEquals("TÜAB12", PLATE.canonicalize("TÜ-AB 12"));
    assertEquals("TÜAB12", PLATE.canonicalize("tu\u0308-ab 12"));
    assertEquals("AB123CD", PLATE.canonicalize("AB\u200B123\u00ADCD"));
    assertEquals("00420", Canonicalizer.digits().canonicalize("\uFEFF００４ 20"));
  }

  @Example
  void otherScripts_andUnknownMarks_areRefused_withoutEchoingTheValue() {
    for (String bad : new String[] {"АВ123", "ΑΒ123", "AB/12", "Q\u0308123", "١٢٣"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PLATE.canonicalize(bad));
      assertFalse(e.getMessage().contains(bad), e.getMessage());
      assertFalse(e.getMessage().contains("123"), e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Canonicalizer.digits().canonicalize("12a45"));
    assertFalse(e.getMessage().contains("12a45"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PLATE.canonicalize("SECRETPLATE-0123456789"));
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }
}

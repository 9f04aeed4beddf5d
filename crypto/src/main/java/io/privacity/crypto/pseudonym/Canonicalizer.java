package io.privacity.crypto.pseudonym;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns the many spellings of one identifier into one canonical string before it is pseudonymised,
 * so that {@code "ab-123 cd"} and {@code "AB123CD"} get the same pseudonym. A canonicalizer must be
 * deterministic and must not merge identifiers that denote different subjects.
 *
 * <p>Implementations throw {@link IllegalArgumentException} for input they cannot canonicalize (the
 * message names the parameter {@code identifier} and the accepted form); the result must be
 * non-empty.
 */
@FunctionalInterface
public interface Canonicalizer {

  /**
   * Returns the canonical form of {@code identifier}.
   *
   * @param identifier the raw identifier, non-null
   * @return its canonical form, non-empty
   * @throws IllegalArgumentException if the identifier is not acceptable
   */
  String canonicalize(String identifier);

  /**
   * Unicode format characters (general category Cf: zero-width space and joiners, soft hyphen, byte
   * order mark, bidirectional marks), removed by every built-in canonicalizer <i>before</i> NFKC:
   * they are invisible, so they must not make a second spelling (and a second token) of one
   * identifier.
   */
  private static String withoutFormatCharacters(String raw) {
    return CanonicalPatterns.FORMAT.matcher(raw).replaceAll("");
  }

  /**
   * Unicode format characters (Cf) removed, NFKC normalisation, removal of leading and trailing
   * white space; nothing else.
   *
   * @return the canonicalizer
   */
  static Canonicalizer trimmed() {
    return raw ->
        requireNonEmpty(
            Normalizer.normalize(withoutFormatCharacters(raw), Normalizer.Form.NFKC).strip());
  }

  /**
   * Licence plates: Unicode format characters (Cf) removed, NFKC, upper case, white space, hyphens,
   * dots and middle dots removed; the result must be 1–16 characters, each a digit {@code 0-9} or
   * an upper-case Latin letter, which covers every letter on EU plates ({@code A-Z}, {@code Ä Ö Ü}
   * of German district codes, {@code Å Æ Ø}, {@code Č Š Ž}, …). {@code "ab-123 cd"}, {@code
   * "AB·123·CD"} and {@code "AB\u200B123CD"} all become {@code "AB123CD"}; {@code "tü-ab 12"}
   * becomes {@code "TÜAB12"}, whether the umlaut was typed precomposed or as {@code U} plus a
   * combining diaeresis. Letters of other scripts (Cyrillic, Greek look-alikes) are refused rather
   * than confused with Latin ones.
   *
   * @return the canonicalizer
   */
  static Canonicalizer licencePlate() {
    return raw -> {
      String s =
          Normalizer.normalize(withoutFormatCharacters(raw), Normalizer.Form.NFKC)
              .toUpperCase(Locale.ROOT)
              .replaceAll("[\\s\\-.\u00B7]", "");
      requireNonEmpty(s);
      if (s.codePointCount(0, s.length()) > 16 || !CanonicalPatterns.PLATE.matcher(s).matches()) {
        throw new IllegalArgumentException(
            "identifier must be a licence plate of 1-16 upper-case Latin letters and digits 0-9"
                + " (spaces, hyphens and dots are ignored); the value is not repeated here");
      }
      return s;
    };
  }

  /**
   * Numeric identifiers (meter numbers, card numbers): Unicode format characters (Cf) removed, NFKC
   * (so full-width digits count), white space and hyphens removed; the result must be 1–64 decimal
   * digits {@code 0-9}. Leading zeros are kept (they are part of the identifier).
   *
   * @return the canonicalizer
   */
  static Canonicalizer digits() {
    return raw -> {
      String s =
          Normalizer.normalize(withoutFormatCharacters(raw), Normalizer.Form.NFKC)
              .replaceAll("[\\s\\-]", "");
      requireNonEmpty(s);
      if (s.length() > 64 || !s.matches("[0-9]+")) {
        throw new IllegalArgumentException(
            "identifier must be 1-64 decimal digits (spaces and hyphens are ignored); the value is"
                + " not repeated here");
      }
      return s;
    };
  }

  private static String requireNonEmpty(String canonical) {
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be non-empty after canonicalization (the value is not repeated here)");
    }
    return canonical;
  }
}

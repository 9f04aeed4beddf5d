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
   * Unicode NFKC normalisation and removal of leading and trailing white space; nothing else.
   *
   * @return the canonicalizer
   */
  static Canonicalizer trimmed() {
    return raw -> requireNonEmpty(raw, Normalizer.normalize(raw, Normalizer.Form.NFKC).strip());
  }

  /**
   * Licence plates: NFKC, upper case, white space, hyphens, dots and middle dots removed; the
   * result must be 1–16 characters of {@code A-Z} and {@code 0-9}. {@code "ab-123 cd"} and {@code
   * "AB·123·CD"} both become {@code "AB123CD"}.
   *
   * @return the canonicalizer
   */
  static Canonicalizer licencePlate() {
    return raw -> {
      String s =
          Normalizer.normalize(raw, Normalizer.Form.NFKC)
              .toUpperCase(Locale.ROOT)
              .replaceAll("[\\s\\-.\u00B7]", "");
      requireNonEmpty(raw, s);
      if (s.length() > 16 || !s.matches("[A-Z0-9]+")) {
        throw new IllegalArgumentException(
            "identifier must be a licence plate of 1-16 letters A-Z and digits (spaces, hyphens"
                + " and dots are ignored), got \""
                + raw
                + "\"");
      }
      return s;
    };
  }

  /**
   * Numeric identifiers (meter numbers, card numbers): white space and hyphens removed; the result
   * must be 1–64 decimal digits. Leading zeros are kept (they are part of the identifier).
   *
   * @return the canonicalizer
   */
  static Canonicalizer digits() {
    return raw -> {
      String s = raw.replaceAll("[\\s\\-]", "");
      requireNonEmpty(raw, s);
      if (s.length() > 64 || !s.matches("[0-9]+")) {
        throw new IllegalArgumentException(
            "identifier must be 1-64 decimal digits (spaces and hyphens are ignored), got \""
                + raw
                + "\"");
      }
      return s;
    };
  }

  private static String requireNonEmpty(String raw, String canonical) {
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must be non-empty after canonicalization, got \"" + raw + "\"");
    }
    return canonical;
  }
}

package io.privacity.crypto.pseudonym;

import java.util.regex.Pattern;

/** The patterns of the built-in {@link Canonicalizer}s (an interface cannot hold private ones). */
final class CanonicalPatterns {
  /** Unicode general category Cf (format characters: zero-width, joiners, soft hyphen, BOM). */
  static final Pattern FORMAT = Pattern.compile("\\p{Cf}");

  /** One or more digits 0-9 and upper-case Latin letters (script Latin, category Lu). */
  static final Pattern PLATE = Pattern.compile("[0-9\\p{IsLatin}&&[\\p{Lu}0-9]]+");

  private CanonicalPatterns() {}
}

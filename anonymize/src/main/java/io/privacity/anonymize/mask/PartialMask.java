package io.privacity.anonymize.mask;

import io.privacity.core.internal.Checks;

/**
 * Keeps the first {@code keepFirst} and the last {@code keepLast} characters of a value and
 * replaces every other character by a mask character, e.g. a card number {@code 4111111111111111}
 * with {@code keepFirst = 0, keepLast = 4} becomes {@code ************1111}.
 *
 * <p>Characters are counted as Unicode code points, so a character outside the Basic Multilingual
 * Plane is kept or masked whole, never split into a broken surrogate.
 *
 * <p>If a value has no more than {@code keepFirst + keepLast} characters, <b>every</b> character is
 * masked: keeping them would reveal the whole value.
 *
 * <p><b>Warning:</b> the output keeps the length of the value, and what is kept is revealed
 * exactly. Partial masking reduces linkability; it does not anonymize. Several partially masked
 * releases of the same value with different windows reveal the union of the windows.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartialMask implements FieldMask {
  /** The largest number of characters that may be kept at either end. */
  public static final int MAX_KEEP = 1 << 16;

  private final int keepFirst;
  private final int keepLast;
  private final int maskCodePoint;

  private PartialMask(int keepFirst, int keepLast, int maskCodePoint) {
    this.keepFirst = keepFirst;
    this.keepLast = keepLast;
    this.maskCodePoint = maskCodePoint;
  }

  /**
   * A partial mask with {@code '*'} as the mask character.
   *
   * @param keepFirst how many leading characters to keep, in [0, {@value #MAX_KEEP}]
   * @param keepLast how many trailing characters to keep, in [0, {@value #MAX_KEEP}]
   * @return the mask
   * @throws IllegalArgumentException if a count is out of range
   */
  public static PartialMask keep(int keepFirst, int keepLast) {
    return keep(keepFirst, keepLast, '*');
  }

  /**
   * A partial mask with a chosen mask character.
   *
   * @param keepFirst how many leading characters to keep, in [0, {@value #MAX_KEEP}]
   * @param keepLast how many trailing characters to keep, in [0, {@value #MAX_KEEP}]
   * @param maskChar the character that replaces hidden characters; not a surrogate or control
   *     character
   * @return the mask
   * @throws IllegalArgumentException if a count is out of range or the mask character is a
   *     surrogate or control character
   */
  public static PartialMask keep(int keepFirst, int keepLast, char maskChar) {
    Checks.inRange("keepFirst", keepFirst, 0, MAX_KEEP);
    Checks.inRange("keepLast", keepLast, 0, MAX_KEEP);
    if (Character.isSurrogate(maskChar) || Character.isISOControl(maskChar)) {
      throw new IllegalArgumentException(
          "maskChar must be a printable, non-surrogate character, got U+"
              + String.format("%04X", (int) maskChar));
    }
    return new PartialMask(keepFirst, keepLast, maskChar);
  }

  /**
   * How many leading characters are kept.
   *
   * @return the count
   */
  public int keepFirst() {
    return keepFirst;
  }

  /**
   * How many trailing characters are kept.
   *
   * @return the count
   */
  public int keepLast() {
    return keepLast;
  }

  /**
   * Masks the middle of a value.
   *
   * @param value the original value, not null
   * @return a value of the same length (in code points) with the middle masked, or every character
   *     masked if the value has at most {@code keepFirst + keepLast} characters
   * @throws IllegalArgumentException if {@code value} is null
   */
  @Override
  public String apply(String value) {
    Checks.notNull("value", value);
    int[] cps = value.codePoints().toArray();
    int n = cps.length;
    boolean maskAll = (long) keepFirst + keepLast >= n;
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < n; i++) {
      boolean keep = !maskAll && (i < keepFirst || i >= n - keepLast);
      sb.appendCodePoint(keep ? cps[i] : maskCodePoint);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "PartialMask[keepFirst="
        + keepFirst
        + ", keepLast="
        + keepLast
        + ", mask='"
        + new String(Character.toChars(maskCodePoint))
        + "']";
  }
}

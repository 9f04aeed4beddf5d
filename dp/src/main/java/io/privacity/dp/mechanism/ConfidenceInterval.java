package io.privacity.dp.mechanism;

/**
 * An interval that contains the true (pre-noise) value with probability at least {@code level},
 * over the mechanism's randomness.
 *
 * @param lower lower end, inclusive
 * @param upper upper end, inclusive
 * @param level the confidence level, in (0, 1)
 */
public record ConfidenceInterval(double lower, double upper, double level) {
  /**
   * Validates the components.
   *
   * @param lower lower end
   * @param upper upper end, {@code >= lower}
   * @param level the confidence level, in (0, 1)
   */
  public ConfidenceInterval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException(
          "lower must be <= upper, got lower=" + lower + ", upper=" + upper);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
  }

  /**
   * Whether {@code value} lies in the interval.
   *
   * @param value the value
   * @return true if {@code lower <= value <= upper}
   */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /**
   * Such as {@code [17990, 18028] @0.95}: ends that are integers a double holds exactly print as
   * integers (the intervals of counts), others in full precision.
   *
   * @return the interval and its level
   */
  @Override
  public String toString() {
    return "[" + end(lower) + ", " + end(upper) + "] @" + level;
  }

  private static String end(double x) {
    return x == Math.rint(x) && Math.abs(x) < 0x1p53 ? Long.toString((long) x) : Double.toString(x);
  }
}

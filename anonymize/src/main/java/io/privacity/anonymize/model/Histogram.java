package io.privacity.anonymize.model;

import io.privacity.core.internal.Checks;
import java.util.Arrays;

/**
 * The distribution of a sensitive attribute inside one equivalence class: which dictionary codes
 * (of the sensitive {@link io.privacity.anonymize.data.Column}) occur and how often. Sparse: only
 * codes that occur are stored, in increasing code order.
 *
 * <p>Thread-safety: immutable.
 */
public final class Histogram {
  private final int[] codes;
  private final int[] counts;
  private final int total;

  private Histogram(int[] codes, int[] counts, int total) {
    this.codes = codes;
    this.counts = counts;
    this.total = total;
  }

  /**
   * Builds a histogram.
   *
   * @param codes distinct, strictly increasing, non-negative dictionary codes
   * @param counts the count of each code, each {@code >= 1}
   * @return the histogram (the arrays are copied)
   * @throws IllegalArgumentException if the arrays differ in length, codes are not strictly
   *     increasing and non-negative, or a count is below 1
   */
  public static Histogram of(int[] codes, int[] counts) {
    Checks.notNull("codes", codes);
    Checks.notNull("counts", counts);
    if (codes.length != counts.length) {
      throw new IllegalArgumentException(
          "codes and counts must have equal lengths, got "
              + codes.length
              + " and "
              + counts.length);
    }
    long total = 0;
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] < 0 || (i > 0 && codes[i] <= codes[i - 1])) {
        throw new IllegalArgumentException(
            "codes must be non-negative and strictly increasing, got " + Arrays.toString(codes));
      }
      if (counts[i] < 1) {
        throw new IllegalArgumentException("counts[" + i + "] must be >= 1, got " + counts[i]);
      }
      total += counts[i];
    }
    Checks.inRange("total count", total, 0, Integer.MAX_VALUE);
    return new Histogram(codes.clone(), counts.clone(), (int) total);
  }

  /**
   * The number of distinct codes.
   *
   * @return the number of distinct values in the class
   */
  public int distinct() {
    return codes.length;
  }

  /**
   * The {@code i}-th code, in increasing order.
   *
   * @param i in {@code [0, distinct())}
   * @return the code
   */
  public int code(int i) {
    return codes[i];
  }

  /**
   * The count of the {@code i}-th code.
   *
   * @param i in {@code [0, distinct())}
   * @return the count, at least 1
   */
  public int count(int i) {
    return counts[i];
  }

  /**
   * The sum of the counts: the class size.
   *
   * @return the total
   */
  public int total() {
    return total;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Histogram{");
    for (int i = 0; i < codes.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(codes[i]).append('=').append(counts[i]);
    }
    return sb.append('}').toString();
  }
}

package io.privacity.dp.local;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import java.util.HashMap;
import java.util.Map;

/**
 * Permanent randomized response for longitudinal reporting (RAPPOR, Erlingsson, Pihur and Korolova,
 * CCS 2014): the first report of each value is remembered on the device and sent again whenever the
 * device reports the same value, so a server that collects a report every day cannot average the
 * noise away.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>A device that has ever reported m distinct values has released m independent ε-local-DP
 * reports, whatever the number of repetitions: its total loss is mε ({@link #spent()}), not (number
 * of reports)·ε. Without memoization, n reports of an unchanged value cost nε and the server can
 * estimate the value by majority.
 *
 * <p><b>Warning:</b> a memoized report is a stable fingerprint: identical reports on different days
 * link a device's reports to each other (RAPPOR adds a second, instantaneous randomization to blunt
 * this; this class does not). Keep one memo per device and per question, stored on the device only;
 * never share it between devices.
 *
 * <p>Thread-safe.
 *
 * @param <R> the report type
 */
public final class MemoizingRandomizer<R extends LdpReport> implements LocalRandomizer<R> {
  private final LocalRandomizer<R> inner;
  private final Map<Integer, R> memo = new HashMap<>();

  private MemoizingRandomizer(LocalRandomizer<R> inner) {
    this.inner = inner;
  }

  /**
   * Memoizes a randomizer's reports per value.
   *
   * @param inner the randomizer (e.g. an {@link OlhClient})
   * @param <R> the report type
   * @return the memoizing randomizer, with an empty memo
   * @throws IllegalArgumentException if inner is null
   */
  public static <R extends LdpReport> MemoizingRandomizer<R> of(LocalRandomizer<R> inner) {
    return new MemoizingRandomizer<>(Checks.notNull("inner", inner));
  }

  /**
   * The memoized report of {@code value}, randomized once on first use.
   *
   * @param value the device's value, in [0, k)
   * @return the same report for the same value, every time
   * @throws IllegalArgumentException if the value is out of range
   */
  @Override
  public synchronized R randomize(int value) {
    inner.oracle().checkValue(value);
    return memo.computeIfAbsent(value, inner::randomize);
  }

  /**
   * How many distinct values have been randomized.
   *
   * @return m
   */
  public synchronized int distinctValues() {
    return memo.size();
  }

  /**
   * The device's total loss so far: m·ε for m distinct values (basic composition).
   *
   * @return the loss, {@link PrivacyLoss#NONE} before the first report
   */
  public synchronized PrivacyLoss spent() {
    return memo.isEmpty()
        ? PrivacyLoss.NONE
        : PrivacyLoss.pure(memo.size() * inner.oracle().epsilon());
  }

  @Override
  public FrequencyOracle oracle() {
    return inner.oracle();
  }

  @Override
  public String toString() {
    return "MemoizingRandomizer{" + inner + ", distinct=" + distinctValues() + "}";
  }
}

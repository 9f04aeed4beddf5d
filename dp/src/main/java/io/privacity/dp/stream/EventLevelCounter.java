package io.privacity.dp.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the event-level counters share: the increment and step-limit checks of {@link #next(long)},
 * the current time, release and variance, and the first entries of the guarantee's parameters.
 * Subclasses call {@link #advance(long)} and {@link #record(double, double)} from their
 * synchronized {@code next}.
 */
abstract class EventLevelCounter implements ContinualCounter {
  /** Largest accepted increment: keeps every running sum far from overflow. */
  static final long MAX_INCREMENT = 1L << 40;

  /** The most steps the counter releases: the horizon T, or the hybrid counter's cap. */
  final long limit;

  final long sensitivity;

  /** What the limit is called in the exception once it is reached. */
  private final String limitName;

  private long time;
  private double estimate;
  private double variance;

  static void checkIncrement(long increment) {
    if (increment < 0 || increment > MAX_INCREMENT) {
      throw new IllegalArgumentException(
          "increment must be in [0, " + MAX_INCREMENT + "], got " + increment);
    }
  }

  EventLevelCounter(String limitName, long limit, long sensitivity) {
    this.limitName = limitName;
    this.limit = limit;
    this.sensitivity = sensitivity;
  }

  /**
   * Checks the increment and the step limit, then moves to the next step; call with the lock held.
   *
   * @return the new time t (1 at the first step)
   */
  final long advance(long increment) {
    checkIncrement(increment);
    if (time >= limit) {
      throw new IllegalStateException(limitName + " reached: all " + limit + " steps released");
    }
    return ++time;
  }

  /** Stores the current release before rounding and its variance; call with the lock held. */
  final void record(double estimate, double variance) {
    this.estimate = estimate;
    this.variance = variance;
  }

  @Override
  public synchronized double estimate() {
    return estimate;
  }

  @Override
  public synchronized double variance() {
    return variance;
  }

  @Override
  public synchronized long time() {
    return time;
  }

  /** A guarantee's parameters, starting with the neighbour relation, horizon and sensitivity. */
  final Map<String, Object> parameters(Object horizon) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("neighbours", "event-level: one step's increment changes by at most sensitivity");
    p.put("horizon", horizon);
    p.put("sensitivity", sensitivity);
    return p;
  }
}

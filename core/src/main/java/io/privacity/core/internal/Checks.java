package io.privacity.core.internal;

import java.util.Collection;

/**
 * Parameter validation with messages that name the parameter, the value and the valid range, e.g.
 * {@code "epsilon must be finite and > 0, got -1.0"}.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class Checks {
  private Checks() {}

  /**
   * Requires a finite value {@code > 0}.
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static double positiveFinite(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /**
   * Requires a finite value {@code >= 0}.
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static double nonNegativeFinite(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  /**
   * Requires a finite value (not NaN, not infinite).
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
    return value;
  }

  /**
   * Requires a δ-like probability in {@code [0, 1)}.
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static double delta(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /**
   * Requires a probability in the open interval {@code (0, 1)}.
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static double openUnit(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
    }
    return value;
  }

  /**
   * Requires {@code min <= value <= max}.
   *
   * @param name parameter name
   * @param value the value
   * @param min smallest valid value
   * @param max largest valid value
   * @return the value
   */
  public static long inRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /**
   * Requires {@code value >= 1}.
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static long positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /**
   * Requires a non-null, non-blank string.
   *
   * @param name parameter name
   * @param value the value
   * @return the value
   */
  public static String nonBlank(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be a non-empty string, got null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must be a non-empty string, got \"" + value + "\"");
    }
    return value;
  }

  /**
   * Requires a non-null reference.
   *
   * @param name parameter name
   * @param value the value
   * @param <T> its type
   * @return the value
   */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * Requires a non-null, non-empty collection.
   *
   * @param name parameter name
   * @param value the value
   * @param <C> its type
   * @return the value
   */
  public static <C extends Collection<?>> C nonEmpty(String name, C value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be a non-empty collection, got null");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must be a non-empty collection, got []");
    }
    return value;
  }

  /**
   * Requires {@code state}; otherwise throws {@link IllegalStateException}.
   *
   * @param state the condition
   * @param message what is wrong
   */
  public static void state(boolean state, String message) {
    if (!state) {
      throw new IllegalStateException(message);
    }
  }
}

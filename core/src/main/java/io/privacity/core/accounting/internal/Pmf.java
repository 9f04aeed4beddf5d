package io.privacity.core.accounting.internal;

/**
 * A discretized privacy loss distribution: mass[i] at loss (offset + i)·h, plus a mass at +∞.
 * Immutable (the array is never handed out).
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class Pmf {
  final long offset;
  final double[] mass;
  final double infinity;
  final double step;

  Pmf(long offset, double[] mass, double infinity, double step) {
    this.offset = offset;
    this.mass = mass;
    this.infinity = infinity;
    this.step = step;
  }

  /** The finite mass (1 − infinity in exact arithmetic). */
  double finiteMass() {
    double s = 0;
    for (double m : mass) {
      s += m;
    }
    return s;
  }

  /**
   * The mass counted at +∞ when composing: the larger of the recorded one and the finite mass
   * missing from 1 (rounding can only move mass towards +∞, never away).
   */
  double effectiveInfinity() {
    return Math.min(1, Math.max(infinity, 1 - finiteMass()));
  }

  int length() {
    return mass.length;
  }
}

package io.privacity.dp.stream;

/**
 * Where a counter draws one integer noise value. Production counters use {@link
 * DiscreteLaplaceNoise} with a {@code Randomness}; tests inject zero noise to check the estimators'
 * arithmetic exactly.
 */
@FunctionalInterface
interface NoiseSource {
  /** One noise draw. */
  long sample();
}

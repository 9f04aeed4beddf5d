package io.privacity.anonymize.mask;

/**
 * A deterministic transform of one field value that hides all or part of it.
 *
 * <p>Implementations are immutable and safe for use from many threads.
 */
@FunctionalInterface
public interface FieldMask {

  /**
   * Masks one value.
   *
   * @param value the original value, not null
   * @return the masked value, never null
   * @throws IllegalArgumentException if {@code value} is null
   */
  String apply(String value);
}

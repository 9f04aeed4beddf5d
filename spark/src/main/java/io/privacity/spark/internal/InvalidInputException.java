package io.privacity.spark.internal;

/**
 * Bad input found on an executor (a null unit, partition or value, a non-finite value): thrown by
 * the task, and rethrown on the driver as an {@link IllegalArgumentException} with the same message
 * before anything is charged.
 */
public final class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message naming the column.
   *
   * @param message the message
   */
  public InvalidInputException(String message) {
    super(message);
  }
}

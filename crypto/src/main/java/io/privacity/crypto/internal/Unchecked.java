package io.privacity.crypto.internal;

import java.security.GeneralSecurityException;

/**
 * Turns Tink's checked {@link GeneralSecurityException} into an {@link IllegalStateException} where
 * the caller has nothing cryptographic to handle (generating, rotating, exporting a key, encrypting
 * under a master key): the project's exception policy keeps checked exceptions for failures of data
 * that does not verify. Internal; not public API.
 */
public final class Unchecked {
  private Unchecked() {}

  /**
   * A Tink call that returns a value.
   *
   * @param <T> the value's type
   */
  @FunctionalInterface
  public interface Call<T> {
    /**
     * Runs the call.
     *
     * @return its value
     * @throws GeneralSecurityException as Tink does
     */
    T call() throws GeneralSecurityException;
  }

  /** A Tink call without a value. */
  @FunctionalInterface
  public interface Run {
    /**
     * Runs the call.
     *
     * @throws GeneralSecurityException as Tink does
     */
    void run() throws GeneralSecurityException;
  }

  /**
   * Runs {@code call}.
   *
   * @param failure what failed, e.g. {@code "cannot generate an AES-256-GCM key"}
   * @param call the call
   * @param <T> the value's type
   * @return its value
   * @throws IllegalStateException wrapping the call's {@link GeneralSecurityException}
   */
  public static <T> T call(String failure, Call<T> call) {
    try {
      return call.call();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code run}.
   *
   * @param failure what failed
   * @param run the call
   * @throws IllegalStateException wrapping the call's {@link GeneralSecurityException}
   */
  public static void run(String failure, Run run) {
    try {
      run.run();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    }
  }
}

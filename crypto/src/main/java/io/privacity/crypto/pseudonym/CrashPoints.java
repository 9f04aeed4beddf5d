package io.privacity.crypto.pseudonym;

import java.util.function.Consumer;

/**
 * Named steps of an erasure at which the crash tests' writer JVM stops, to be killed there ({@code
 * VaultErasureAttackTest}). A no-op unless a test of this package sets {@link #hook}.
 */
final class CrashPoints {
  /** Called with the step's name. */
  static volatile Consumer<String> hook = step -> {};

  private CrashPoints() {}

  static void reach(String step) {
    hook.accept(step);
  }
}

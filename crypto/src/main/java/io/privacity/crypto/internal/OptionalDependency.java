package io.privacity.crypto.internal;

/**
 * Checks that an optional dependency of privacity-crypto (H2, the PostgreSQL driver, Bouncy Castle)
 * is present before a feature that needs it starts, so a user who did not add the jar gets one
 * clear sentence naming the artifact instead of a {@link NoClassDefFoundError} from deep inside.
 * Internal; not public API.
 */
public final class OptionalDependency {
  private OptionalDependency() {}

  /**
   * Throws unless {@code className} can be loaded.
   *
   * @param feature what the caller asked for, e.g. {@code "VaultStore.h2"}
   * @param className a class of the dependency, e.g. {@code "org.h2.Driver"}
   * @param coordinates its Maven coordinates, e.g. {@code "com.h2database:h2"}
   * @throws IllegalStateException if the class is not on the class path (or module path)
   */
  public static void require(String feature, String className, String coordinates) {
    try {
      Class.forName(className, false, OptionalDependency.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          feature
              + " needs "
              + coordinates
              + ", an optional dependency of io.privacity:privacity-crypto: add it to your"
              + " project's dependencies (class "
              + className
              + " not found)",
          e);
    }
  }
}

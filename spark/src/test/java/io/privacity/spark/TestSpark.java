package io.privacity.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local[2] Spark session of the module's tests (one JVM, heap bounded by surefire's -Xmx2g,
 * few shuffle partitions since the test data are small). Stopped when the JVM exits.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /**
   * The session (started on first use).
   *
   * @return the session
   */
  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("privacity-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "4")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
      SparkSession s = session;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
    }
    return session;
  }
}

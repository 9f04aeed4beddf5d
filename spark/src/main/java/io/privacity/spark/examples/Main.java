package io.privacity.spark.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark examples' launcher: {@code smart-meters} (the DP smart-meter job) and {@code benchmark}
 * (DP grouped sum against plain Spark). Runs on the master given by {@code spark-submit}, or on
 * {@code local[2]} when started with {@code java -jar}. Usage errors print one line and exit 2;
 * failures print one line and exit 1 ({@code --verbose} adds the stack trace).
 */
public final class Main {
  private static final String USAGE =
      "usage: smart-meters [--rows N] [--households N] [--out DIR] [--format parquet|csv]"
          + " [--epsilon E] | benchmark [--rows N] [--households N] [--source memory|parquet]"
          + " [--repeats N] [--pseudonyms] [--dir DIR]   (options: --master URL, --verbose)";

  private Main() {}

  /**
   * Runs a command.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    boolean verbose = false;
    for (String a : args) {
      verbose |= a.equals("--verbose");
    }
    String command;
    Args a;
    try {
      if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
        System.out.println(USAGE);
        return args.length == 0 ? 2 : 0;
      }
      command = args[0];
      a = new Args(args);
      if (!command.equals("smart-meters") && !command.equals("benchmark")) {
        throw new IllegalArgumentException("unknown command \"" + command + "\"");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    // Netty's reflective buffers (the flag Spark's launcher sets on every JVM).
    System.setProperty("io.netty.tryReflectionSetAccessible", "true");
    SparkConf conf = new SparkConf().setAppName("privacity-" + command);
    if (!conf.contains("spark.master") || a.master != null) {
      conf.setMaster(a.master != null ? a.master : "local[2]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      // One JVM: the loopback address, whether or not the machine's hostname resolves (containers,
      // CI).
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      if (command.equals("smart-meters")) {
        return SmartMeterJob.run(
            spark,
            new SmartMeterJob.Options(a.rows, a.households(96), a.out, a.format, a.epsilon),
            System.out);
      }
      return SparkBenchmark.run(spark, a, System.out);
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      if (verbose) {
        e.printStackTrace();
      }
      return 1;
    } finally {
      spark.stop();
    }
  }

  /** The parsed options. */
  static final class Args {
    long rows = 10_000_000;
    long households = -1;
    Path out = Path.of("out", "spark");
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "privacity-spark-bench");
    String format = "parquet";
    String source = "memory";
    double epsilon = 1;
    int repeats = 3;
    boolean pseudonyms;
    String master;

    Args(String[] args) {
      for (int i = 1; i < args.length; i++) {
        String k = args[i];
        switch (k) {
          case "--rows" -> rows = positive(k, value(args, ++i));
          case "--households" -> households = positive(k, value(args, ++i));
          case "--out" -> out = Path.of(value(args, ++i));
          case "--dir" -> dir = Path.of(value(args, ++i));
          case "--format" -> format = oneOf(k, value(args, ++i), "parquet", "csv");
          case "--source" -> source = oneOf(k, value(args, ++i), "memory", "parquet");
          case "--epsilon" -> epsilon = positiveDouble(k, value(args, ++i));
          case "--repeats" -> repeats = (int) Math.min(100, positive(k, value(args, ++i)));
          case "--master" -> master = value(args, ++i);
          case "--pseudonyms" -> pseudonyms = true;
          case "--verbose" -> {}
          default -> throw new IllegalArgumentException("unknown option \"" + k + "\"");
        }
      }
    }

    /** The households, by default one per {@code readings} readings (at least 100). */
    long households(long readings) {
      return households > 0 ? households : Math.max(100, rows / readings);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
      }
      return args[i];
    }

    private static long positive(String k, String v) {
      try {
        long n = Long.parseLong(v.replace("_", ""));
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(k + " must be a positive integer, got \"" + v + "\"");
    }

    private static double positiveDouble(String k, String v) {
      try {
        double d = Double.parseDouble(v);
        if (d > 0 && Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(k + " must be a finite number > 0, got \"" + v + "\"");
    }

    private static String oneOf(String k, String v, String... allowed) {
      for (String x : allowed) {
        if (x.equals(v.toLowerCase(Locale.ROOT))) {
          return x;
        }
      }
      throw new IllegalArgumentException(
          k + " must be one of " + String.join(", ", allowed) + ", got \"" + v + "\"");
    }
  }
}

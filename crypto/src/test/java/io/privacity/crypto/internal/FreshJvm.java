package io.privacity.crypto.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a new JVM on this test's class path: for what only holds in a
 * fresh process (Tink's global registry before any Privacity class ran, a restart).
 */
public final class FreshJvm {
  private FreshJvm() {}

  /**
   * The outcome of a run.
   *
   * @param exitCode the process's exit code
   * @param output its standard output and error, interleaved
   */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code main} with {@code args} and waits for it.
   *
   * @param main a class with a {@code public static void main(String[])}
   * @param timeout how long to wait before killing it
   * @param args its arguments
   * @return its exit code and output
   * @throws IOException if the process cannot be started
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(Class<?> main, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("fresh-jvm", ".log");
    try {
      Process p = builder(main, args).redirectOutput(log.toFile()).start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly().waitFor();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      return done ? new Result(p.exitValue(), out) : new Result(-1, "timed out\n" + out);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * Starts {@code main} with {@code args} and returns at once, e.g. to kill it part-way; its
   * standard output and error are the process's input stream.
   *
   * @param main a class with a {@code public static void main(String[])}
   * @param args its arguments
   * @return the process
   * @throws IOException if the process cannot be started
   */
  public static Process start(Class<?> main, String... args) throws IOException {
    return builder(main, args).start();
  }

  private static ProcessBuilder builder(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }
}

package io.privacity.examples;

import io.privacity.anonymize.internal.CsvRecords;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * What every command of the launcher shares: the output streams, the progress bar, {@code
 * --verbose}, and how an exception becomes the one line a user reads.
 */
final class Cli {
  /** A command that words its own failures (e.g. a port in use, with the option to change it). */
  interface DescribesErrors {
    /**
     * The one line a user reads for a failure of this command.
     *
     * @param e the failure
     * @return the message
     */
    String describe(Exception e);
  }

  private final PrintStream out;
  private final PrintStream err;
  private final boolean verbose;
  private ProgressBar bar;
  private long heapNeeded;

  Cli(PrintStream out, PrintStream err, String[] args) {
    this.out = out;
    this.err = err;
    // Known before parsing, so that even a failure while parsing honours it.
    this.verbose = Arrays.asList(args).contains("--verbose");
    this.bar = ProgressBar.off(err);
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  boolean verbose() {
    return verbose;
  }

  ProgressBar bar() {
    return bar;
  }

  /** Installs the progress bar of the running command. */
  ProgressBar startProgress(Boolean forced) {
    boolean terminal = System.console() != null && err == System.err;
    bar = new ProgressBar(err, forced == null ? terminal : forced);
    return bar;
  }

  /** Remembers the heap the running command needs, for an out-of-memory message. */
  void heapNeeded(long bytes) {
    this.heapNeeded = bytes;
  }

  long heapNeeded() {
    return heapNeeded;
  }

  /** The message for a user: no exception class names, file-not-found said as such. */
  static String describe(Throwable e) {
    Throwable t = e;
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException n) {
      return "file not found: " + n.getFile();
    }
    if (t instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof UncheckedIOException && e.getMessage() != null) {
      return e.getMessage();
    }
    return CsvRecords.describe(e);
  }
}

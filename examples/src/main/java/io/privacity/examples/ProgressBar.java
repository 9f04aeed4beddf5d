package io.privacity.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar on standard error, one line per phase (e.g. reading, searching, writing),
 * redrawn in place with a carriage return. Shown only when standard error is a terminal unless
 * forced ({@code --progress} / {@code --no-progress}), so redirected output stays clean.
 *
 * <p>Monotone: a phase's percentage never goes back. {@link #endLine()} finishes a partly drawn
 * line, so that a message printed next starts on a line of its own. Not thread-safe: use it from
 * the command's thread.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final boolean enabled;
  private String phase;
  private int percent = -1;
  private boolean lineOpen;

  ProgressBar(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** A bar that draws nothing. */
  static ProgressBar off(PrintStream err) {
    return new ProgressBar(err, false);
  }

  boolean enabled() {
    return enabled;
  }

  /** Starts a phase (ending the previous one's line at 100 %), drawn at 0 %. */
  void phase(String name) {
    if (phase != null && !phase.equals(name)) {
      finishPhase();
    }
    if (!name.equals(phase)) {
      phase = name;
      percent = -1;
      update(0);
    }
  }

  /** Updates the current phase; values below the last drawn one are ignored. */
  void update(double fraction) {
    if (!enabled || phase == null) {
      return;
    }
    int p = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
    if (p <= percent) {
      return;
    }
    percent = p;
    int filled = p * WIDTH / 100;
    err.print(
        "\r"
            + String.format(Locale.ROOT, "%-9s", phase)
            + " ["
            + "#".repeat(filled)
            + "-".repeat(WIDTH - filled)
            + "] "
            + String.format(Locale.ROOT, "%3d%%", p));
    err.flush();
    lineOpen = true;
  }

  /** Draws the current phase at 100 % and ends its line. */
  void finishPhase() {
    update(1);
    endLine();
    phase = null;
  }

  /** Ends a partly drawn line, so that the next message starts on its own line. */
  void endLine() {
    if (lineOpen) {
      err.println();
      err.flush();
      lineOpen = false;
    }
  }
}

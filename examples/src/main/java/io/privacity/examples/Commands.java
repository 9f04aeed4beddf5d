package io.privacity.examples;

import java.io.PrintStream;
import java.util.List;

/** Command-line tools beside the scenarios (e.g. {@code anonymize}). */
final class Commands {
  private Commands() {}

  static boolean handles(String command) {
    return command.equals("anonymize");
  }

  static int run(String command, List<String> args, PrintStream out, PrintStream err) {
    if (command.equals("anonymize")) {
      return AnonymizeCommand.run(args, out, err);
    }
    err.println("unknown command '" + command + "'");
    return 2;
  }

  static void usage(PrintStream s) {
    // Each tool prints its own one-line usage here.
    AnonymizeCommand.usage(s);
  }
}

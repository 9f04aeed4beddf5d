package io.privacity.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The examples launcher.
 *
 * <pre>
 * java -jar privacity-examples.jar list
 * java -jar privacity-examples.jar run NAME [--out DIR] [--data DIR]
 * java -jar privacity-examples.jar tour [--out DIR] [--data DIR]
 * </pre>
 *
 * <p>Scenarios write their files (PNG charts, reports) to the current directory or {@code --out}.
 * Bundled data sets are found under {@code examples/data} (from the project root) or {@code data}
 * (from the examples folder), or {@code --data}.
 */
public final class Main {
  private Main() {}

  /**
   * Entry point.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the launcher and returns the process exit code.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return 0 on success, 1 on a failed scenario, 2 on a usage error
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    Path outDir = Path.of(".");
    Path dataDir = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--out") || a.equals("--data")) {
        if (i + 1 >= args.length) {
          err.println(a + " needs a directory");
          return 2;
        }
        Path p = Path.of(args[++i]);
        if (a.equals("--out")) {
          outDir = p;
        } else {
          dataDir = p;
        }
      } else if (a.equals("-h") || a.equals("--help")) {
        usage(out);
        return 0;
      } else {
        positional.add(a);
      }
    }
    if (positional.isEmpty()) {
      usage(err);
      return 2;
    }
    String command = positional.get(0);
    if (Commands.handles(command)) {
      return Commands.run(command, positional.subList(1, positional.size()), out, err);
    }
    ScenarioContext context = new ScenarioContext(out, outDir, dataDir(dataDir));
    switch (command) {
      case "list":
        for (Scenario s : Scenarios.all()) {
          out.printf("%-22s %s%n", s.name(), s.description());
        }
        return 0;
      case "run":
        if (positional.size() != 2) {
          err.println("usage: run NAME   (see 'list' for names)");
          return 2;
        }
        Optional<Scenario> s = Scenarios.byName(positional.get(1));
        if (s.isEmpty()) {
          err.println("unknown scenario '" + positional.get(1) + "'; known: " + names());
          return 2;
        }
        return runOne(s.get(), context, err) ? 0 : 1;
      case "tour":
        int failed = 0;
        for (Scenario sc : Scenarios.all()) {
          if (!runOne(sc, context, err)) {
            failed++;
          }
        }
        out.printf(
            "%nTour finished: %d scenarios, %d failed; files in %s%n",
            Scenarios.all().size(), failed, outDir.toAbsolutePath().normalize());
        return failed == 0 ? 0 : 1;
      default:
        err.println("unknown command '" + command + "'");
        usage(err);
        return 2;
    }
  }

  private static boolean runOne(Scenario s, ScenarioContext context, PrintStream err) {
    context.out().println();
    context.out().println("=== " + s.name() + " — " + s.description() + " ===");
    try {
      s.run(context);
      return true;
    } catch (Exception e) {
      err.println("scenario " + s.name() + " failed: " + e);
      e.printStackTrace(err);
      return false;
    }
  }

  private static Path dataDir(Path given) {
    if (given != null) {
      return given;
    }
    for (String candidate : new String[] {"examples/data", "data", "../examples/data"}) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return Path.of("examples/data");
  }

  private static String names() {
    return String.join(", ", Scenarios.all().stream().map(Scenario::name).toList());
  }

  private static void usage(PrintStream s) {
    s.println("usage: privacity-examples list | run NAME | tour [--out DIR] [--data DIR]");
    Commands.usage(s);
  }
}

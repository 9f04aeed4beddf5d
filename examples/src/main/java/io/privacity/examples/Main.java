package io.privacity.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/**
 * The examples launcher: {@code java -jar privacity-examples.jar COMMAND [OPTIONS]}, on picocli.
 *
 * <pre>
 * privacity-examples list
 * privacity-examples run NAME [--out DIR] [--data DIR]
 * privacity-examples tour [--out DIR] [--data DIR]
 * privacity-examples anonymize --input FILE --qi NAME=HIERARCHY... --k K --output FILE --report FILE
 * privacity-examples portal [SCENARIO | --ledger FILE] [--out DIR] [--port N]
 * privacity-examples COMMAND --help | --version
 * </pre>
 *
 * <p>Exit codes: 0 done; 1 the command failed while running (one line on standard error; the stack
 * trace too with {@code --verbose}); 2 usage error (unknown command or option, missing or invalid
 * value; the message and a pointer to {@code --help}).
 *
 * <p>Adding a command is one class: annotate it with {@code @Command(name = …)}, make it a {@code
 * Callable<Integer>} and list it in {@code subcommands} below.
 */
@Command(
    name = "privacity-examples",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runnable smart-city scenarios and command-line tools of the Privacity library.",
    subcommands = {
      ListCommand.class,
      RunCommand.class,
      TourCommand.class,
      AnonymizeCommand.class,
      PortalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code of a command that failed while running. */
  static final int FAILED = 1;

  /** Exit code of a usage error. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Entry point.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (OutOfMemoryError e) {
      // Last resort: the commands catch this themselves with a more specific message.
      System.err.println(outOfMemory(0));
      code = FAILED;
    }
    System.exit(code);
  }

  /**
   * Runs the launcher and returns the process exit code.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return 0 on success, 1 on a failure while running, 2 on a usage error
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Cli cli = new Cli(out, err, args);
    CommandLine cl = new CommandLine(new Main(), new Factory(cli));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler(
        (ParameterException e, String[] a) -> {
          cli.bar().endLine();
          CommandLine c = e.getCommandLine();
          err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
          err.println(
              "Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
          return USAGE;
        });
    cl.setExecutionExceptionHandler(
        (Exception e, CommandLine c, CommandLine.ParseResult parsed) -> {
          cli.bar().endLine();
          String message =
              c.getCommand() instanceof Cli.DescribesErrors d ? d.describe(e) : Cli.describe(e);
          err.println(c.getCommandSpec().qualifiedName() + ": " + message);
          if (cli.verbose()) {
            e.printStackTrace(err);
          }
          return FAILED;
        });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      cli.bar().endLine();
      err.println(outOfMemory(cli.heapNeeded()));
      return FAILED;
    }
  }

  static String outOfMemory(long needed) {
    long want = Math.max(needed, HeapEstimate.available() * 2);
    return "privacity-examples: out of memory with "
        + HeapEstimate.current()
        + "; run it with more heap, e.g. java "
        + HeapEstimate.xmx(want)
        + " -jar privacity-examples.jar …";
  }

  @Override
  public void run() {
    // No command given: a usage error.
    throw new ParameterException(
        spec.commandLine(), "a command is required (list, run, tour, anonymize)");
  }

  /** The version of the examples jar (from its build). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
      }
      return new String[] {
        "privacity-examples " + p.getProperty("version", "(unknown version)"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }

  /** Creates commands with the launcher's streams. */
  private static final class Factory implements CommandLine.IFactory {
    private final Cli cli;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(Cli cli) {
      this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(Cli.class).newInstance(cli);
      } catch (NoSuchMethodException e) {
        try {
          return type.getDeclaredConstructor(PrintStream.class, PrintStream.class)
              .newInstance(cli.out(), cli.err());
        } catch (NoSuchMethodException e2) {
          return fallback.create(type);
        }
      }
    }
  }
}

package io.privacity.examples;

import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.ledger.LedgerPublicKey;
import io.privacity.core.ledger.LedgerSigningKey;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.report.TransparencyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code portal}: renders the transparency portal ({@link TransparencyReport}) of a scenario's
 * ledger, or of a ledger file, and serves it read-only on 127.0.0.1 ({@link PortalServer}); with
 * {@code --out DIR} it renders only.
 *
 * <pre>
 * portal [SCENARIO] [--out DIR] [--port N] [--locale en|de] [--title T] [--data DIR]
 * portal --ledger FILE [--checkpoint FILE --public-key FILE] [--budget NAME=SNAPSHOT.json]... ...
 * </pre>
 *
 * <p>A scenario is run in a temporary directory and its files are picked up by name: {@code
 * NAME.ledger.jsonl} (required), {@code NAME.checkpoint.txt} with {@code
 * NAME.ledger-public-key.pem} (a signed checkpoint and its key, when the scenario signs its ledger;
 * otherwise the ledger is signed here with a fresh demonstration key whose private half is never
 * stored), and {@code NAME.budget.json} (an accountant snapshot). {@link #renderTourPortals} does
 * the same for every ledger a tour wrote.
 *
 * <p>Exit codes: 0 done (or server stopped); 1 runtime error (one line on stderr, e.g. a ledger
 * that does not verify or is not publishable, a port in use); 2 usage error.
 */
@Command(
    name = "portal",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Renders the citizen transparency portal of a scenario's ledger (or of --ledger FILE) and"
          + " serves it read-only on 127.0.0.1; with --out DIR renders the static site only.",
    },
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 1)
public final class PortalCommand implements Callable<Integer>, Cli.DescribesErrors {
  /** The scenario shown when none is named: it keeps a file ledger and a budget snapshot. */
  static final String DEFAULT_SCENARIO = "budget-and-ledger";

  static final String LEDGER_SUFFIX = ".ledger.jsonl";

  @Parameters(
      arity = "0..1",
      paramLabel = "SCENARIO",
      description = "scenario to run and publish (default " + DEFAULT_SCENARIO + "; see 'list')")
  String scenario;

  @Option(names = "--ledger", paramLabel = "FILE", description = "publish this ledger file instead")
  Path ledger;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description = "signed checkpoint of --ledger (needs --public-key)")
  Path checkpoint;

  @Option(names = "--public-key", paramLabel = "FILE", description = "PEM key of --checkpoint")
  Path publicKey;

  @Option(
      names = "--budget",
      paramLabel = "NAME=SNAPSHOT",
      description = "a data set's accountant snapshot (JSON); repeatable")
  Map<String, Path> budgets = new LinkedHashMap<>();

  @Option(names = "--out", paramLabel = "DIR", description = "render into DIR and exit")
  Path out;

  @Option(names = "--port", defaultValue = "8000", description = "port on 127.0.0.1 (0: any)")
  int port;

  @Option(names = "--locale", defaultValue = "en", description = "en or de (default en)")
  String locale;

  @Option(names = "--title", description = "the site's title")
  String title;

  @Option(names = "--data", paramLabel = "DIR", description = "bundled data (examples/data)")
  Path data;

  @Spec CommandSpec spec;

  private final PrintStream stdout;
  private final PrintStream stderr;

  /** Released once the temporary directories are gone, so that Ctrl-C leaves nothing behind. */
  private final CountDownLatch cleaned = new CountDownLatch(1);

  /**
   * A command printing to the given streams (picocli fills the options).
   *
   * @param stdout where progress and the address go
   * @param stderr where errors go
   */
  public PortalCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Parses and runs the command.
   *
   * @param args the arguments after {@code portal}
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0 done, 1 runtime error, 2 usage error
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    CommandLine cl = commandLine(new PortalCommand(out, err));
    return cl.execute(args.toArray(new String[0]));
  }

  /**
   * The command configured for a launcher: output streams and the one-line error handler. The
   * launcher adds it as its {@code portal} subcommand.
   *
   * @param command the command
   * @return its command line
   */
  public static CommandLine commandLine(PortalCommand command) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(command.stdout, true));
    cl.setErr(new PrintWriter(command.stderr, true));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          command.stderr.println("portal: " + message(e));
          return 1;
        });
    return cl;
  }

  /**
   * One line of usage for the launcher's help.
   *
   * @param s where to print
   */
  public static void usage(PrintStream s) {
    s.println(
        "       privacity-examples portal [SCENARIO | --ledger F [--checkpoint F --public-key F]"
            + " [--budget NAME=F]...] [--out DIR] [--port N] [--locale en|de]");
  }

  @Override
  public String describe(Exception e) {
    return message(e);
  }

  private static String message(Exception e) {
    if (e instanceof BindException) {
      return "the port is in use (" + e.getMessage() + "); pass --port N, or --port 0 for any";
    }
    if (e instanceof UncheckedIOException u) {
      return u.getMessage() + ": " + u.getCause().getMessage();
    }
    if (e instanceof NoSuchFileException n) {
      return "file not found: " + n.getFile();
    }
    return e.getMessage();
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (ledger != null && scenario != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give a SCENARIO or --ledger FILE, not both");
    }
    if ((checkpoint == null) != (publicKey == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--checkpoint and --public-key go together");
    }
    Locale language = Locale.forLanguageTag(locale);
    List<Path> temporary = new ArrayList<>();
    try {
      Path site = out;
      if (site == null) {
        site = Files.createTempDirectory("privacity-portal-site-");
        temporary.add(site);
      }
      if (ledger != null) {
        renderLedgerFile(site, language);
      } else {
        Path work = Files.createTempDirectory("privacity-portal-run-");
        temporary.add(work);
        String name = scenario == null ? DEFAULT_SCENARIO : scenario;
        runScenario(name, work);
        renderScenario(work, name, site, language, title, stdout);
      }
      if (out != null) {
        stdout.println("Transparency portal written to " + out.resolve("index.html"));
        return 0;
      }
      return serve(site);
    } finally {
      try {
        for (Path p : temporary) {
          deleteTree(p);
        }
      } finally {
        cleaned.countDown();
      }
    }
  }

  private int serve(Path site) throws IOException, InterruptedException {
    try (PortalServer server = PortalServer.start(site, port)) {
      stdout.println(
          "Serving the transparency portal at " + server.uri() + " (read-only; Ctrl-C to stop)");
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                stopped.countDown();
                try {
                  cleaned.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "portal-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Runtime.getRuntime().removeShutdownHook(hook);
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }

  private void renderLedgerFile(Path site, Locale language) throws IOException {
    TransparencyReport.Builder b = TransparencyReport.builder().ledger(ledger).locale(language);
    if (checkpoint != null) {
      b.checkpoint(checkpoint, LedgerPublicKey.readFrom(publicKey));
    }
    for (Map.Entry<String, Path> e : budgets.entrySet()) {
      b.budget(e.getKey(), PrivacyAccountant.fromJson(Files.readString(e.getValue())));
    }
    if (title != null) {
      b.title(title);
    }
    b.build().render(site);
  }

  private void runScenario(String name, Path work) throws IOException {
    Optional<Scenario> s = Scenarios.byName(name);
    if (s.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "unknown scenario '"
              + name
              + "'; scenarios that keep a ledger file: "
              + String.join(", ", ledgerScenarios()));
    }
    stdout.println("Running scenario " + name + " to produce its ledger…");
    try {
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      s.get().run(new ScenarioContext(quiet, work, dataDirectory()));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("scenario " + name + " failed: " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(work.resolve(name + LEDGER_SUFFIX))) {
      throw new IllegalArgumentException(
          "scenario "
              + name
              + " keeps no ledger file; scenarios that do: "
              + String.join(", ", ledgerScenarios()));
    }
  }

  /** The scenarios known to write {@code NAME.ledger.jsonl}. */
  static List<String> ledgerScenarios() {
    return List.of("budget-and-ledger", "anpr-plates");
  }

  private Path dataDirectory() {
    return DataSets.locate(data);
  }

  /**
   * Renders the portal of one scenario's files in {@code directory} (see the class comment) into
   * {@code site}. If the scenario wrote no signed checkpoint, signs the ledger's head with a fresh
   * demonstration key whose private half is never stored; the checkpoint and public key then exist
   * only in the site.
   *
   * @param directory where the scenario wrote its files
   * @param name the scenario's name
   * @param site the directory to render into
   * @param language en or de
   * @param title the site's title, or null for one naming the scenario
   * @param out where to say what was done
   * @throws IOException if a file cannot be read or written
   * @throws IllegalArgumentException if the ledger does not verify or is not publishable
   */
  static void renderScenario(
      Path directory, String name, Path site, Locale language, String title, PrintStream out)
      throws IOException {
    Path ledgerFile = directory.resolve(name + LEDGER_SUFFIX);
    Path cp = directory.resolve(name + ".checkpoint.txt");
    Path key = directory.resolve(name + ".ledger-public-key.pem");
    TransparencyReport.Builder b =
        TransparencyReport.builder()
            .ledger(ledgerFile)
            .locale(language)
            .title(title != null ? title : "Privacity examples: " + name);
    Path snapshot = directory.resolve(name + ".budget.json");
    if (Files.isRegularFile(snapshot)) {
      b.budget(
          name, PrivacyAccountant.fromJson(Files.readString(snapshot, StandardCharsets.UTF_8)));
    }
    if (Files.isRegularFile(cp) && Files.isRegularFile(key)) {
      b.checkpoint(cp, LedgerPublicKey.readFrom(key)).build().render(site);
      return;
    }
    LedgerSigningKey demo = LedgerSigningKey.generate();
    Path demoCheckpoint = Files.createTempFile("privacity-portal-", ".checkpoint.txt");
    try {
      try (TransparencyLedger l = TransparencyLedger.openFile(ledgerFile)) {
        l.checkpoint(demo).writeTo(demoCheckpoint);
      }
      b.checkpoint(demoCheckpoint, demo.publicKey()).build().render(site);
    } finally {
      Files.deleteIfExists(demoCheckpoint);
    }
    out.println(
        "  "
            + name
            + ": signed with a fresh demonstration key ("
            + demo.publicKey().keyId()
            + "); a city keeps its signing key and publishes the key's fingerprint");
  }

  /**
   * The tour's hook: renders the portal of every {@code NAME.ledger.jsonl} that the tour's
   * scenarios wrote to {@code tourOutput} into {@code tourOutput/portal/NAME/}. A ledger that
   * cannot be published is reported on {@code err} and skipped; the others are still rendered.
   *
   * @param tourOutput the tour's output directory
   * @param out where to list the portals
   * @param err where to report failures, one line each
   * @return the number of ledgers whose portal could not be rendered (0: all rendered)
   * @throws IOException if the output directory cannot be listed
   */
  public static int renderTourPortals(Path tourOutput, PrintStream out, PrintStream err)
      throws IOException {
    List<Path> ledgers;
    try (Stream<Path> files = Files.list(tourOutput)) {
      ledgers =
          files
              .filter(p -> p.getFileName().toString().endsWith(LEDGER_SUFFIX))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    }
    int failed = 0;
    out.printf("%nTransparency portals (%d ledgers):%n", ledgers.size());
    for (Path l : ledgers) {
      String file = l.getFileName().toString();
      String name = file.substring(0, file.length() - LEDGER_SUFFIX.length());
      Path site = tourOutput.resolve("portal").resolve(name);
      try {
        renderScenario(tourOutput, name, site, Locale.ENGLISH, null, out);
        out.println("  " + name + ": " + site.resolve("index.html"));
      } catch (IOException | RuntimeException e) {
        failed++;
        err.println("portal for " + name + " not rendered: " + message(e));
      }
    }
    return failed;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

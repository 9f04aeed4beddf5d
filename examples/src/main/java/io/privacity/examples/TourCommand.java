package io.privacity.examples;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tour}: every scenario in turn, with progress, then a summary. */
@Command(
    name = "tour",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs every scenario in turn; their files go to --out.")
final class TourCommand implements Callable<Integer> {
  private final Cli cli;

  @Mixin ScenarioOptions options;

  TourCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    List<Scenario> all = Scenarios.all();
    int failed = 0;
    long started = System.nanoTime();
    for (int i = 0; i < all.size(); i++) {
      if (!runOne(cli, all.get(i), options, i + 1, all.size())) {
        failed++;
      }
    }
    // The transparency portal of every ledger the scenarios kept, under OUT/portal/NAME/. A
    // ledger that cannot be published is reported (one line each) but fails no scenario: the
    // scenario itself ran.
    int portalsFailed;
    try {
      portalsFailed = PortalCommand.renderTourPortals(options.out, cli.out(), cli.err());
    } catch (java.io.IOException e) {
      cli.err().println("tour: portals not rendered: " + Cli.describe(e));
      portalsFailed = -1;
    }
    cli.out()
        .printf(
            Locale.ROOT,
            "%nTour finished in %.1f s: %d scenarios, %d failed%s; files in %s%n",
            (System.nanoTime() - started) / 1e9,
            all.size(),
            failed,
            portalsFailed == 0
                ? ""
                : portalsFailed < 0
                    ? "; no portal rendered"
                    : "; " + portalsFailed + " portal(s) not rendered (see standard error)",
            options.out.toAbsolutePath().normalize());
    return failed == 0 ? 0 : Main.FAILED;
  }

  /** Runs one scenario between a header and a result line; false if it failed. */
  static boolean runOne(Cli cli, Scenario s, ScenarioOptions options, int index, int count) {
    ScenarioContext context = new ScenarioContext(cli.out(), options.out, options.dataDirectory());
    cli.out().println();
    cli.out()
        .println(
            "=== [" + index + "/" + count + "] " + s.name() + " — " + s.description() + " ===");
    long t0 = System.nanoTime();
    try {
      s.run(context);
      cli.out()
          .printf(
              Locale.ROOT,
              "--- [%d/%d] %s: ok in %.1f s%n",
              index,
              count,
              s.name(),
              (System.nanoTime() - t0) / 1e9);
      return true;
    } catch (Exception e) {
      cli.err().println("scenario " + s.name() + " failed: " + Cli.describe(e));
      if (options.verbose) {
        e.printStackTrace(cli.err());
      }
      cli.out().printf(Locale.ROOT, "--- [%d/%d] %s: FAILED%n", index, count, s.name());
      return false;
    }
  }
}

package io.privacity.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list}: the scenarios, one per line, with what each shows. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Lists the scenarios ('run NAME' runs one, 'tour' runs them all).")
final class ListCommand implements Callable<Integer> {
  private final Cli cli;

  @Option(names = "--verbose", description = "print stack traces of failures")
  boolean verbose;

  ListCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    for (Scenario s : Scenarios.all()) {
      cli.out().printf("%-22s %s%n", s.name(), s.description());
    }
    return 0;
  }
}

package io.privacity.examples;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code run NAME}: one scenario. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs one scenario; its files go to --out.")
final class RunCommand implements Callable<Integer> {
  private final Cli cli;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "the scenario ('list' shows the names)")
  String name;

  @Mixin ScenarioOptions options;

  RunCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Optional<Scenario> s = Scenarios.byName(name);
    if (s.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "unknown scenario '" + name + "'; known: " + Scenarios.names());
    }
    return TourCommand.runOne(cli, s.get(), options, 1, 1) ? 0 : Main.FAILED;
  }
}

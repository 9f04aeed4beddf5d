package io.privacity.examples;

import java.util.List;
import java.util.Optional;

/** The registry of scenarios, in the order {@code tour} runs them. */
final class Scenarios {
  private Scenarios() {}

  static List<Scenario> all() {
    return List.of(
        // One line per scenario; keep the tour's order meaningful.
        new BudgetAndLedgerScenario(),
        new NoiseExplorerScenario(),
        new OpenDataReleaseScenario(),
        new SensorEnvelopesScenario(),
        new TrafficCountsScenario(),
        new CitizenSurveyScenario(),
        new SmartMetersScenario(),
        new BikeTripsScenario(),
        new CitizenReportsScenario(),
        new AnprPlatesScenario());
  }

  static Optional<Scenario> byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}

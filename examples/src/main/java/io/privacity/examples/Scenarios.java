package io.privacity.examples;

import java.util.List;
import java.util.Optional;

/** The registry of scenarios, in the order {@code tour} runs them. */
final class Scenarios {
  private Scenarios() {}

  static List<Scenario> all() {
    return List.of(
        // Accountability first, then DP (mechanisms, aggregation, location, streams, local DP),
        // anonymization, then the cryptographic owner and identity protections.
        new BudgetAndLedgerScenario(),
        new NoiseExplorerScenario(),
        new SmartMetersScenario(),
        new BikeTripsScenario(),
        new CitizenReportsScenario(),
        new TrafficCountsScenario(),
        new HourlyBikesScenario(),
        new CitizenSurveyScenario(),
        new OpenDataReleaseScenario(),
        new SensorEnvelopesScenario(),
        new AnprPlatesScenario());
  }

  static String names() {
    return String.join(", ", all().stream().map(Scenario::name).toList());
  }

  static Optional<Scenario> byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}

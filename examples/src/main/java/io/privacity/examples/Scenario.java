package io.privacity.examples;

/** One runnable smart-city scenario. Implementations have a public no-argument constructor. */
public interface Scenario {
  /**
   * The name used on the command line, e.g. {@code budget-and-ledger}.
   *
   * @return the scenario's name
   */
  String name();

  /**
   * One line saying what the scenario shows.
   *
   * @return the description
   */
  String description();

  /**
   * Runs the scenario, printing to {@link ScenarioContext#out()} and writing files under {@link
   * ScenarioContext#outputDirectory()}.
   *
   * @param context where to print and write
   * @throws Exception if the scenario fails
   */
  void run(ScenarioContext context) throws Exception;
}

package io.privacity.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that run scenarios: where to write, where the data sets are. */
final class ScenarioOptions {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out",
      description =
          "directory for the scenarios' files (created if needed; default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "the bundled data sets (default: examples/data beside the launcher's jar, found from"
              + " any working directory)")
  Path data;

  @Option(names = "--verbose", description = "print stack traces of failures")
  boolean verbose;

  Path dataDirectory() {
    return DataSets.locate(data);
  }
}

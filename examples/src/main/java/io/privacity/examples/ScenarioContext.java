package io.privacity.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a scenario prints and writes its files, and where it finds the bundled data sets.
 *
 * @param out where to print
 * @param outputDirectory where to write charts and reports (created on demand)
 * @param dataDirectory the bundled data sets ({@code examples/data} in the source tree)
 */
public record ScenarioContext(PrintStream out, Path outputDirectory, Path dataDirectory) {

  /**
   * A file in the output directory, creating the directory if needed.
   *
   * @param fileName the file's name
   * @return its path
   * @throws IOException if the directory cannot be created
   */
  public Path outputFile(String fileName) throws IOException {
    Files.createDirectories(outputDirectory);
    return outputDirectory.resolve(fileName);
  }

  /**
   * A bundled data file, e.g. {@code data("bikeshare/bastations.csv")}.
   *
   * @param relative the path below the data directory
   * @return its path
   * @throws IOException if the file does not exist
   */
  public Path data(String relative) throws IOException {
    Path p = dataDirectory.resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IOException(
          "data file not found: "
              + p.toAbsolutePath()
              + " (pass --data DIR pointing at the project's examples/data)");
    }
    return p;
  }
}

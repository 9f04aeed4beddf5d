package io.privacity.examples;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bundled data sets ({@code examples/data} in the source tree), so that every scenario
 * runs from any working directory: an explicit {@code --data DIR} first, then the folder beside the
 * launcher's jar ({@code examples/target/privacity-examples.jar} finds {@code examples/data}), then
 * the usual places relative to the working directory.
 */
final class DataSets {
  /** A file every copy of the data sets holds; a directory without it is not the data. */
  private static final String MARKER = "SOURCES.md";

  private DataSets() {}

  /**
   * The data directory.
   *
   * @param explicit the {@code --data} option, or null
   * @return the first candidate that holds the data sets, or {@code explicit} / {@code
   *     examples/data} when none does (the scenario's {@link ScenarioContext#data} then names the
   *     missing file)
   */
  static Path locate(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    for (Path candidate : candidates()) {
      if (Files.isRegularFile(candidate.resolve(MARKER))) {
        return candidate.normalize();
      }
    }
    return Path.of("examples/data");
  }

  private static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    Path code = codeLocation();
    if (code != null) {
      // A jar in examples/target, or the classes directory examples/target/classes.
      Path dir = code.getParent();
      for (Path d = dir; d != null && out.size() < 6; d = d.getParent()) {
        out.add(d.resolve("data"));
        out.add(d.resolve("examples").resolve("data"));
      }
    }
    for (String relative : new String[] {"examples/data", "data", "../examples/data"}) {
      out.add(Path.of(relative).toAbsolutePath());
    }
    return out;
  }

  private static Path codeLocation() {
    try {
      CodeSource source = DataSets.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}

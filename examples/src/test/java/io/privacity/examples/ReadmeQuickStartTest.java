package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.examples.quickstart.EnvelopeSealAndOpen;
import io.privacity.examples.quickstart.KAnonymousTable;
import io.privacity.examples.quickstart.NoisyStatistics;
import io.privacity.examples.quickstart.PseudonymsAndVault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's quick-start programs are the files under {@code examples/.../quickstart}, character
 * for character (so the README cannot rot), and each runs and prints what the README promises. The
 * consumer check ({@code .ci/consumer}) runs the same files from a separate Maven project.
 */
class ReadmeQuickStartTest {
  /** {@code <!-- quickstart: path -->}, then a ```java fenced block. */
  private static final Pattern BLOCK =
      Pattern.compile("<!-- quickstart: (\\S+) -->\\s*\\n```java\\n(.*?)```", Pattern.DOTALL);

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("README.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static Map<String, String> readmeBlocks() throws IOException {
    String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      blocks.put(m.group(1), m.group(2));
    }
    return blocks;
  }

  @Test
  void readmePrograms_areTheQuickstartSourcesVerbatim() throws IOException {
    Map<String, String> blocks = readmeBlocks();
    Path dir = root().resolve("examples/src/main/java/io/privacity/examples/quickstart");
    TreeSet<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.map(p -> root().relativize(p).toString().replace('\\', '/'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(files, new TreeSet<>(blocks.keySet()), "every quick-start file is in the README");
    for (Map.Entry<String, String> e : blocks.entrySet()) {
      String source = Files.readString(root().resolve(e.getKey()), StandardCharsets.UTF_8);
      assertEquals(source, e.getValue(), "README block of " + e.getKey());
    }
  }

  private interface Main {
    void run() throws Exception;
  }

  private static String output(Main main) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      main.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noisyStatistics_releasesThenRefusesWhenSpent() throws Exception {
    String out = output(() -> NoisyStatistics.main(new String[0]));
    assertTrue(out.matches("(?s)released count: -?\\d+\\n.*"), out);
    assertTrue(out.contains("95% confidence interval: ["), out);
    assertTrue(out.contains("budget remaining: "), out);
    assertTrue(out.contains("refused: "), out);
    // 4 charges and 1 release are ledgered; the refused charge is not.
    assertTrue(out.contains("ledger entries: 5, verified: true"), out);
  }

  @Test
  void pseudonymsAndVault_linkWithinADayOnly_andReidentifyOnlyWithAWarrant() throws Exception {
    String out = output(() -> PseudonymsAndVault.main(new String[0]));
    assertTrue(out.contains("same plate, other spelling, same pseudonym: true"), out);
    assertTrue(out.contains("linkable to tomorrow's pseudonym: false"), out);
    assertTrue(out.contains("re-identified with a warrant: TÜAB12"), out);
    assertTrue(out.contains("marketing refused: "), out);
    assertTrue(out.contains("after erasure: "), out);
    assertTrue(out.contains("verified: true"), out);
    assertFalse(out.contains("Exception"), out);
  }

  @Test
  void envelope_opensForItsContextOnly() throws Exception {
    String out = output(() -> EnvelopeSealAndOpen.main(new String[0]));
    assertTrue(out.contains("opened: pm2.5=12.4"), out);
    assertTrue(out.contains("other purpose refused: WrongContextException"), out);
    assertTrue(out.contains("tampered envelope refused: TamperedEnvelopeException"), out);
  }

  @Test
  void kAnonymousTable_releasesClassesOfAtLeastTwo() throws Exception {
    String out = output(() -> KAnonymousTable.main(new String[0]));
    assertTrue(out.contains("generalization levels: {age="), out);
    assertTrue(out.contains("highest re-identification risk: 1.00 before, 0.33 after"), out);
    assertFalse(out.contains("72070,"), out); // zip codes are generalized
  }
}

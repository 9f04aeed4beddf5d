package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code anonymize} command through the launcher, in process, with temporary files (the same
 * defects are also tested against the built jar in {@link LauncherIT}).
 */
class AnonymizeCommandTest {
  @TempDir Path dir;
  private PeopleFiles people;
  private Path input;
  private Path zipHierarchy;
  private Path output;
  private Path report;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @BeforeEach
  void files() throws IOException {
    people = PeopleFiles.writeTo(dir);
    input = people.input();
    zipHierarchy = people.zipHierarchy();
    output = dir.resolve("out.csv");
    report = dir.resolve("report.json");
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>();
    all.add("anonymize");
    all.addAll(Arrays.asList(args));
    return Main.run(
        all.toArray(new String[0]),
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private List<String> common(String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--input",
                input.toString(),
                "--delimiter",
                ";",
                "--output",
                output.toString(),
                "--report",
                report.toString()));
    a.addAll(Arrays.asList(more));
    return a;
  }

  private int runCommon(String... more) {
    return run(common(more).toArray(new String[0]));
  }

  /** Independent check: groups the released rows by their QI values. */
  private static Map<List<String>, Integer> classes(Path csv, List<String> qis) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(lines.get(0).split(";", -1));
    Map<List<String>, Integer> groups = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(";", -1);
      List<String> key = new ArrayList<>();
      for (String q : qis) {
        key.add(f[header.indexOf(q)]);
      }
      groups.merge(key, 1, Integer::sum);
    }
    return groups;
  }

  private JsonObject report() throws IOException {
    return JsonParser.parseString(Files.readString(report)).getAsJsonObject();
  }

  @Test
  void mondrian_writesKAnonymousTable_andReport_andProgress() throws IOException {
    int code =
        runCommon(
            "--algorithm",
            "mondrian",
            "--qi",
            "age",
            "--qi",
            "zip=" + zipHierarchy,
            "--sensitive",
            "disease",
            "--k",
            "5",
            "--l",
            "2",
            "--progress");
    assertEquals(0, code, err());
    Map<List<String>, Integer> groups = classes(output, List.of("age", "zip"));
    assertEquals(60, groups.values().stream().mapToInt(Integer::intValue).sum());
    groups.forEach((key, size) -> assertTrue(size >= 5, key + " has " + size));
    assertFalse(Files.readAllLines(output).get(0).contains("name"), "identifying column dropped");

    JsonObject r = report();
    assertEquals("mondrian", r.get("algorithm").getAsString());
    assertTrue(r.get("partitions").getAsInt() >= groups.size());
    JsonObject ec = r.getAsJsonObject("equivalenceClasses");
    assertEquals(groups.size(), ec.get("count").getAsInt());
    assertTrue(ec.get("smallest").getAsInt() >= 5);
    assertTrue(ec.getAsJsonArray("sizeHistogram").size() >= 1);
    assertEquals(0, r.get("suppressedRows").getAsInt());
    assertEquals(List.of("name"), List.of(r.getAsJsonArray("droppedColumns").get(0).getAsString()));
    double loss = r.getAsJsonObject("loss").get("value").getAsDouble();
    assertTrue(loss > 0 && loss < 1, "loss " + loss);
    JsonObject before = r.getAsJsonObject("risk").getAsJsonObject("before");
    JsonObject after = r.getAsJsonObject("risk").getAsJsonObject("after");
    assertTrue(after.get("prosecutorHighestRisk").getAsDouble() <= 0.2);
    assertTrue(
        before.get("prosecutorHighestRisk").getAsDouble()
            >= after.get("prosecutorHighestRisk").getAsDouble());
    assertEquals(0.0, after.get("recordsInClassesSmallerThanKShare").getAsDouble());
    assertTrue(err().contains("searching ["), err());
    assertTrue(err().contains("100%"), err());
  }

  @Test
  void optimal_reportsLevels_andSuppression() throws IOException {
    List<String> options = new ArrayList<>(people.optimalOptions("4"));
    options.addAll(List.of("--suppression", "0.1", "--quiet"));
    int code = runCommon(options.toArray(new String[0]));
    assertEquals(0, code, err());
    JsonObject r = report();
    assertEquals("optimal", r.get("algorithm").getAsString());
    JsonObject levels = r.getAsJsonObject("generalizationLevels");
    assertTrue(levels.has("age") && levels.has("zip"), levels.toString());
    int suppressed = r.get("suppressedRows").getAsInt();
    assertTrue(suppressed <= 6, "suppressed " + suppressed);
    assertEquals(60 - suppressed, r.get("outputRows").getAsInt());
    classes(output, List.of("age", "zip"))
        .forEach((key, size) -> assertTrue(size >= 4, key + " has " + size));
    assertFalse(err().contains("["), "--quiet: no progress bar");
  }

  // ---- bad input: exit code 2 with a message ----

  @Test
  void kBelowTwo_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "1", "--algorithm", "mondrian"));
    assertTrue(err().contains("--k must be >= 2, got 1"), err());
  }

  @Test
  void unknownColumn_exits2_namingIt() {
    assertEquals(2, runCommon("--qi", "height", "--k", "2", "--algorithm", "mondrian"));
    assertTrue(err().contains("unknown column 'height' in --qi"), err());
  }

  @Test
  void unknownSensitiveColumn_exits2() {
    assertEquals(
        2,
        runCommon("--qi", "age", "--sensitive", "illness", "--k", "2", "--algorithm", "mondrian"));
    assertTrue(err().contains("unknown column 'illness' in --sensitive"), err());
  }

  @Test
  void raggedRow_exits1_namingTheRow_notItsContent() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    lines.set(3, "p2;34;94110");
    Files.write(input, lines);
    assertEquals(1, runCommon("--qi", "age", "--k", "2", "--algorithm", "mondrian"));
    assertTrue(err().contains("row 3"), err());
    assertFalse(err().contains("p2"), "no cell content in: " + err());
  }

  @Test
  void valueMissingFromHierarchy_exits1_namingRowAndColumn_notTheValue() throws IOException {
    Files.write(zipHierarchy, List.of("94107;*", "94109;*"));
    assertEquals(
        1, runCommon("--qi", "zip=" + zipHierarchy, "--k", "2", "--algorithm", "mondrian"));
    // Row 5 is the first with zip 94110.
    assertTrue(err().contains("column 'zip' row 5"), err());
    assertEquals(1, runCommon("--qi", "zip=" + zipHierarchy, "--k", "2"));
    assertTrue(err().contains("column 'zip' row 5"), err());
    assertFalse(err().contains("94110"), "no cell content in: " + err());
  }

  @Test
  void missingInputFile_exits1() {
    input = dir.resolve("nope.csv");
    assertEquals(1, runCommon("--qi", "age", "--k", "2"));
    assertTrue(err().contains("input file not found"), err());
  }

  @Test
  void missingHierarchyFile_exits1() {
    assertEquals(1, runCommon("--qi", "zip=" + dir.resolve("nope.csv"), "--k", "2"));
    assertTrue(err().contains("hierarchy file of --qi zip not found"), err());
  }

  @Test
  void missingRequiredOption_exits2() {
    assertEquals(2, run("--input", input.toString(), "--k", "2"));
    assertTrue(err().contains("Missing required option"), err());
  }

  @Test
  void nonNumericK_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "five"));
    assertTrue(err().contains("--k"), err());
  }

  @Test
  void badDelimiter_exits2() {
    List<String> a = common("--qi", "age", "--k", "2");
    a.set(3, ";;");
    assertEquals(2, run(a.toArray(new String[0])));
    assertTrue(err().contains("--delimiter must be a single character"), err());
    assertFalse(Files.exists(output));
  }

  @Test
  void lWithoutSensitive_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "2", "--l", "2", "--algorithm", "mondrian"));
    assertTrue(err().contains("--l and --t need --sensitive"), err());
  }

  @Test
  void tOutOfRange_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "2", "--sensitive", "disease", "--t", "1.5"));
    assertTrue(err().contains("--t must be in (0, 1), got 1.5"), err());
  }

  @Test
  void suppressionOutOfRange_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "2", "--suppression", "-0.1"));
    assertTrue(err().contains("--suppression must be in [0, 1]"), err());
  }

  @Test
  void optimalWithoutHierarchy_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "2"));
    assertTrue(err().contains("--qi age needs a hierarchy"), err());
  }

  @Test
  void kLargerThanTable_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "100", "--algorithm", "mondrian"));
    assertTrue(err().contains("--k must be at most the number of rows (60), got 100"), err());
    assertEquals(2, runCommon("--qi", "zip=" + zipHierarchy, "--k", "100"));
  }

  @Test
  void impossibleModel_exits1_forBothAlgorithms() {
    // Only 4 distinct diseases: 5-diversity cannot hold, even for the whole table.
    assertEquals(
        1,
        runCommon("--qi", "zip=" + zipHierarchy, "--k", "2", "--sensitive", "disease", "--l", "5"));
    assertEquals(
        1,
        runCommon(
            "--qi",
            "zip=" + zipHierarchy,
            "--k",
            "2",
            "--sensitive",
            "disease",
            "--l",
            "5",
            "--algorithm",
            "mondrian"));
    assertTrue(err().contains("does not satisfy"), err());
    assertFalse(Files.exists(output), "nothing is released");
  }

  @Test
  void unknownAlgorithm_exits2() {
    assertEquals(2, runCommon("--qi", "age", "--k", "2", "--algorithm", "greedy"));
    assertTrue(err().contains("--algorithm"), err());
  }

  @Test
  void launcher_dispatchesToTheCommand() {
    assertEquals(2, run("--k", "1"));
    assertTrue(err().contains("Missing required option"), err());
  }
}

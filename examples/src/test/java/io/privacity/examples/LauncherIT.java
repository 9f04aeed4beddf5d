package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as users run it: the built jar ({@code target/privacity-examples.jar}), spawned as a
 * process with its own JVM and heap, standard streams captured. One test per defect of issue 19;
 * each failed on the launcher before the fix (hand-parsed arguments, direct writes, no BOM,
 * encoding or memory handling) and passes after.
 */
class LauncherIT {
  private static final Path JAR =
      Path.of(System.getProperty("privacity.launcher.jar", "target/privacity-examples.jar"))
          .toAbsolutePath();
  private static final Path ADULT = Path.of("data/adult").toAbsolutePath();

  @TempDir Path dir;
  private Path input;
  private Path zipHierarchy;
  private Path ageHierarchy;
  private PeopleFiles people;
  private Path output;
  private Path report;
  private String k = "4";

  /** What a run printed and returned. */
  record Run(int code, String out, String err) {
    List<String> errLines() {
      List<String> lines = new ArrayList<>();
      for (String l : err.split("\n")) {
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
      return lines;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  private Run launchWithHeap(String heap, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread o = new Thread(() -> copy(p.getInputStream(), out));
    Thread e = new Thread(() -> copy(p.getErrorStream(), err));
    o.start();
    e.start();
    p.getOutputStream().close();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish in 180 s: " + command);
    }
    o.join();
    e.join();
    return new Run(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run launch(String... args) throws Exception {
    return launchWithHeap("-Xmx512m", args);
  }

  private static void copy(java.io.InputStream in, ByteArrayOutputStream to) {
    try {
      in.transferTo(to);
    } catch (IOException ignored) {
      // The process ended.
    }
  }

  @BeforeEach
  void files() throws IOException {
    assertTrue(Files.isRegularFile(JAR), "build the launcher first (mvn package): " + JAR);
    people = PeopleFiles.writeTo(dir);
    input = people.input();
    zipHierarchy = people.zipHierarchy();
    ageHierarchy = people.ageHierarchy();
    output = dir.resolve("out.csv");
    report = dir.resolve("report.json");
  }

  private String[] anonymize(String... more) {
    List<String> a = new ArrayList<>(List.of("anonymize", "--input", input.toString()));
    a.addAll(new PeopleFiles(input, zipHierarchy, ageHierarchy).optimalOptions(k));
    a.addAll(List.of("--output", output.toString(), "--report", report.toString()));
    a.addAll(Arrays.asList(more));
    return a.toArray(new String[0]);
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  // ---- picocli: every command has --help and --version; usage errors exit 2 ----

  @Test
  void everyCommand_hasItsOwnHelp_andVersion() throws Exception {
    for (String command : List.of("list", "run", "tour", "anonymize", "portal")) {
      Run help = launch(command, "--help");
      assertEquals(0, help.code(), help.toString());
      assertTrue(help.out().contains("Usage: privacity-examples " + command), help.toString());
      Run version = launch(command, "--version");
      assertEquals(0, version.code(), version.toString());
      assertTrue(version.out().startsWith("privacity-examples 0."), version.toString());
    }
    Run help = launch("anonymize", "--help");
    assertTrue(help.out().contains("--metric"), "anonymize --help is the command's own usage");
    assertFalse(help.out().contains("tour"), help.toString());
    Run top = launch("--help");
    assertEquals(0, top.code());
    for (String command : List.of("list", "run", "tour", "anonymize", "portal")) {
      assertTrue(top.out().contains(command), top.toString());
    }
  }

  @Test
  void usageErrors_exit2_withAPointerToHelp() throws Exception {
    List<String[]> bad =
        List.of(
            new String[] {},
            new String[] {"frobnicate"},
            new String[] {"run"},
            new String[] {"run", "no-such-scenario"},
            new String[] {"tour", "--out"},
            new String[] {"anonymize", "--k", "1"},
            anonymize("--k", "5"),
            anonymize("--metric", "height"),
            anonymize("--encoding", "EBCDIC-NOPE"),
            anonymize("--bogus"));
    for (String[] args : bad) {
      Run r = launch(args);
      assertEquals(2, r.code(), Arrays.toString(args) + "\n" + r);
      assertTrue(r.err().contains("--help"), r.toString());
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }
    k = "five";
    Run nonNumeric = launch(anonymize());
    assertEquals(2, nonNumeric.code(), nonNumeric.toString());
    assertTrue(nonNumeric.err().contains("--k"), nonNumeric.toString());
    assertFalse(Files.exists(output));
  }

  @Test
  void runtimeError_exit1_oneLine_stackTraceOnlyWithVerbose() throws Exception {
    input = dir.resolve("missing.csv");
    Run r = launch(anonymize());
    assertEquals(1, r.code(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().contains("input file not found"), r.toString());
    Run verbose = launch(anonymize("--verbose"));
    assertEquals(1, verbose.code(), verbose.toString());
    assertTrue(verbose.err().contains("\tat io.privacity"), verbose.toString());
  }

  // ---- never lose data ----

  @Test
  void outputEqualToInput_inAnySpelling_isRefused_andTheInputIsUntouched() throws Exception {
    byte[] before = Files.readAllBytes(input);
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path link = dir.resolve("link.csv");
    Files.createSymbolicLink(link, input);
    Path hard = dir.resolve("hard.csv");
    Files.createLink(hard, input);
    for (Path same :
        List.of(
            input,
            sub.resolve("../people.csv"),
            Path.of("people.csv"),
            Path.of("./sub/../people.csv"),
            link,
            hard)) {
      output = same;
      Run r = launch(anonymize());
      assertEquals(2, r.code(), same + "\n" + r);
      assertTrue(r.err().contains("is the input file"), r.toString());
      assertArrayEquals(before, Files.readAllBytes(input), "input untouched via " + same);
    }
    // A hierarchy is an input too; the report cannot be the output.
    output = dir.resolve("out.csv");
    report = zipHierarchy;
    assertEquals(2, launch(anonymize()).code());
    report = output;
    assertEquals(2, launch(anonymize()).code());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void missingReportDirectory_leavesNoOrphanOutput_andAnExistingOutputUntouched() throws Exception {
    report = dir.resolve("no/such/dir/report.json");
    Run r = launch(anonymize());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("--report"), r.toString());
    assertFalse(Files.exists(output), "no orphan output");
    Files.writeString(output, "previous release\n");
    assertEquals(1, launch(anonymize()).code());
    assertEquals("previous release\n", Files.readString(output));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void failureMidway_leavesNoPartialFile_andTheExistingOutputUntouched() throws Exception {
    Files.writeString(output, "previous release\n");
    Files.writeString(report, "{}\n");
    // The input breaks on its last line: the failure comes after most of the work.
    Files.writeString(input, Files.readString(input) + "p99;33;94107\n");
    Run r = launch(anonymize());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("row 61 (line 62) has 3 fields, expected 4"), r.toString());
    assertEquals("previous release\n", Files.readString(output));
    assertEquals("{}\n", Files.readString(report));
    assertEquals(List.of(), leftovers(), "no temporary file left");
  }

  @Test
  void success_replacesTheOutputs_atomically() throws Exception {
    Files.writeString(output, "previous release\n");
    Run r = launch(anonymize("--suppression", "0.1"));
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.readString(output).startsWith("age;zip;disease\n"), Files.readString(output));
    JsonObject rep = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    assertEquals("loss", rep.get("metric").getAsString());
    assertTrue(rep.get("nodesVisited").getAsInt() >= 1);
    assertEquals(List.of(), leftovers());
  }

  // ---- inputs as they come ----

  @Test
  void utf8ByteOrderMark_isStripped() throws Exception {
    byte[] text = Files.readAllBytes(input);
    byte[] bom = new byte[text.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bom, 3, text.length);
    Files.write(input, bom);
    Run r = launch(anonymize("--keep", "name"));
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.readString(output).startsWith("name;age;zip;disease\n"));
  }

  @Test
  void latin1File_clearErrorNamingLineAndByte_andTheHint_thenReadWithEncoding() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    lines.set(5, "Jos\u00e9 Secret;44;94107;flu");
    Files.write(input, lines, StandardCharsets.ISO_8859_1);
    Run r = launch(anonymize());
    assertEquals(1, r.code(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().contains("line 6, byte "), r.toString());
    assertTrue(r.err().contains("--encoding ISO-8859-1"), r.toString());
    assertFalse(r.err().contains("Secret"), "no cell content: " + r);
    Run ok = launch(anonymize("--encoding", "ISO-8859-1", "--keep", "name"));
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(Files.readString(output, StandardCharsets.UTF_8).contains("Jos\u00e9 Secret"));
  }

  @Test
  void malformedCsv_isReportedByLine_withoutClassNamesOrContent() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    lines.set(3, "\"Ann Secret\"x;30;94107;flu");
    Files.write(input, lines);
    Run r = launch(anonymize());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("malformed CSV near line 4"), r.toString());
    assertFalse(r.err().contains("CSVException"), r.toString());
    assertFalse(r.err().contains("org.apache"), r.toString());
    assertFalse(r.err().contains("Secret"), r.toString());
  }

  @Test
  void delimiter_isDetected_quotesAndCrlfAreRead_andTheOutputKeepsTheDelimiter() throws Exception {
    List<String> lines = Files.readAllLines(input);
    StringBuilder tsv = new StringBuilder(lines.get(0).replace(';', '\t') + "\r\n");
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(";");
      tsv.append('"').append(f[0]).append(" \"\"x\"\"\"\t").append(f[1]).append('\t');
      tsv.append(f[2]).append('\t').append(f[3]).append("\r\n");
    }
    Files.writeString(input, tsv.toString());
    Run r = launch(anonymize("--keep", "name"));
    assertEquals(0, r.code(), r.toString());
    List<String> out = Files.readAllLines(output);
    assertEquals("name\tage\tzip\tdisease", out.get(0));
    assertTrue(out.get(1).startsWith("\"p"), out.get(1));
  }

  @Test
  void errorMessages_nameRowAndColumn_neverACellsContent() throws Exception {
    Files.write(zipHierarchy, List.of("94107;*", "94109;*"));
    Run r = launch(anonymize());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("column 'zip' row 5"), r.toString());
    assertFalse(r.err().contains("94110"), r.toString());
  }

  // ---- nothing releasable ----

  @Test
  void everyRowSuppressed_isAnError_andNothingIsWritten() throws Exception {
    k = "60";
    Run r = launch(anonymize("--suppression", "1"));
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("suppresses all 60 rows"), r.toString());
    assertTrue(r.err().contains("--k") && r.err().contains("--suppression"), r.toString());
    assertFalse(Files.exists(output));
    assertFalse(Files.exists(report));
    assertEquals(List.of(), leftovers());
  }

  // ---- progress ----

  @Test
  void progressBar_isMonotonePerPhase_andEndsItsLineBeforeAMessage() throws Exception {
    Run ok = launch(anonymize("--progress"));
    assertEquals(0, ok.code(), ok.toString());
    List<String> phases = new ArrayList<>();
    Matcher m =
        Pattern.compile("(reading|searching|writing) +\\[[#-]+\\] +(\\d+)%").matcher(ok.err());
    String phase = null;
    int last = -1;
    while (m.find()) {
      if (!m.group(1).equals(phase)) {
        phase = m.group(1);
        phases.add(phase);
        last = -1;
      }
      int p = Integer.parseInt(m.group(2));
      assertTrue(p > last, "monotone: " + ok.err());
      last = p;
    }
    assertEquals(List.of("reading", "searching", "writing"), phases);
    assertTrue(ok.err().endsWith("100%\n"), ok.toString());

    Files.write(zipHierarchy, List.of("94107;*", "94109;*"));
    Run failed = launch(anonymize("--progress"));
    assertEquals(1, failed.code(), failed.toString());
    int at = failed.err().indexOf("privacity-examples anonymize: ");
    assertTrue(at > 0 && failed.err().charAt(at - 1) == '\n', "message on its own line: " + failed);

    Run piped = launch(anonymize());
    assertFalse(piped.err().contains("["), "no bar when stderr is not a terminal: " + piped);
  }

  // ---- metrics ----

  @Test
  void everyMetric_isSelectable_andReported() throws Exception {
    input = ADULT.resolve("adult.csv");
    for (String metric : List.of("loss", "dm", "entropy", "precision", "average-loss")) {
      Run r =
          launch(
              "anonymize",
              "--input",
              input.toString(),
              "--qi",
              "age=" + ADULT.resolve("adult_hierarchy_age.csv"),
              "--qi",
              "education=" + ADULT.resolve("adult_hierarchy_education.csv"),
              "--qi",
              "marital-status=" + ADULT.resolve("adult_hierarchy_marital-status.csv"),
              "--k",
              "5",
              "--suppression",
              "0.05",
              "--metric",
              metric,
              "--output",
              output.toString(),
              "--report",
              report.toString());
      assertEquals(0, r.code(), metric + "\n" + r);
      JsonObject rep = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
      assertEquals(metric, rep.get("metric").getAsString());
      assertTrue(rep.has("nodesVisited") && rep.has("generalizationLevels"), rep.toString());
      assertTrue(rep.get("suppressedRows").getAsInt() <= 0.05 * 30_162);
    }
  }

  // ---- memory ----

  @Test
  void millionRows_runIn256m_andUnder48mTheMessageNamesTheHeapNeeded() throws Exception {
    Path big = dir.resolve("big.csv");
    try (BufferedWriter w = Files.newBufferedWriter(big)) {
      w.write("age;zip;disease\n");
      String[] zips = {"94107", "94109", "94110", "94111", "95113", "95112"};
      String[] diseases = {"flu", "cold", "asthma", "cancer"};
      for (int i = 0; i < 1_000_000; i++) {
        w.write((20 + (i * 7) % 50) + ";" + zips[(i * 5) % 6] + ";" + diseases[i % 4] + "\n");
      }
    }
    input = big;
    Run small = launchWithHeap("-Xmx48m", anonymize());
    assertEquals(1, small.code(), small.toString());
    assertEquals(1, small.errLines().size(), small.toString());
    assertTrue(small.err().matches("(?s).*needs? about -Xmx\\d+[mg].*"), small.toString());
    assertFalse(small.err().contains("OutOfMemoryError"), small.toString());
    assertFalse(Files.exists(output));
    assertEquals(List.of(), leftovers());

    Run fits = launchWithHeap("-Xmx256m", anonymize("--suppression", "0.05"));
    assertEquals(0, fits.code(), fits.toString());
    assertTrue(fits.out().contains("of 1000000 rows released"), fits.toString());
  }

  @Test
  void outOfMemory_thatTheEstimateMissed_isOneLine_andLeavesNothing() throws Exception {
    // 600,000 unique 200-character values: the dictionary strings, not the codes the estimate
    // counts, exhaust a 128 MiB heap.
    Path wide = dir.resolve("wide.csv");
    try (BufferedWriter w = Files.newBufferedWriter(wide)) {
      w.write("id;age;zip\n");
      String pad = "x".repeat(190);
      for (int i = 0; i < 600_000; i++) {
        w.write(String.format("%010d", i) + pad + ";" + (20 + i % 50) + ";94107\n");
      }
    }
    input = wide;
    Run r =
        launchWithHeap(
            "-Xmx128m",
            "anonymize",
            "--input",
            wide.toString(),
            "--qi",
            "age=" + ageHierarchy,
            "--k",
            "4",
            "--keep",
            "id",
            "--output",
            output.toString(),
            "--report",
            report.toString());
    assertEquals(1, r.code(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().contains("out of memory") && r.err().contains("-Xmx"), r.toString());
    assertFalse(r.err().contains("OutOfMemoryError"), r.toString());
    assertFalse(Files.exists(output));
    assertEquals(List.of(), leftovers());
  }

  // ---- scenarios ----

  @Test
  void run_writesUnderOut_byDefault_andList_namesEveryScenario() throws Exception {
    Run list = launch("list");
    assertEquals(0, list.code());
    for (Scenario s : Scenarios.all()) {
      assertTrue(list.out().contains(s.name()), s.name());
    }
    Run r =
        launch("run", "budget-and-ledger", "--data", Path.of("data").toAbsolutePath().toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("[1/1] budget-and-ledger"), r.toString());
    assertTrue(Files.size(dir.resolve("out/budget-and-ledger.ledger.jsonl")) > 0);
  }

  /**
   * Every scenario that reads a data set runs from any working directory without {@code --data}:
   * the launcher finds examples/data beside its jar (before, the scenario failed with "data file
   * not found" unless started from the project root).
   */
  @Test
  void scenarios_findTheirData_fromAnyWorkingDirectory_withoutDataOption() throws Exception {
    Run r = launch("run", "bike-trips");
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.size(dir.resolve("out/bike-trips.png")) > 0, r.toString());
  }
}

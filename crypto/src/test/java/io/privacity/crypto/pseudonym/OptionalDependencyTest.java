package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * H2, the PostgreSQL driver and Bouncy Castle are optional dependencies of privacity-crypto: a user
 * who calls a feature needing one without adding the jar gets one sentence naming the artifact. The
 * test runs {@link #main} in a JVM whose class path is this test's minus those three jars.
 */
class OptionalDependencyTest {

  @Test
  void featuresWithoutTheirOptionalJar_sayWhichArtifactToAdd() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !isOptional(Paths.get(e).getFileName().toString()))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    command.add(OptionalDependencyTest.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(
        out.contains(
            "VaultStore.h2 needs com.h2database:h2, an optional dependency of"
                + " io.privacity:privacity-crypto: add it to your project's dependencies"),
        out);
    assertTrue(out.contains("VaultStore.h2InMemory needs com.h2database:h2"), out);
    assertTrue(out.contains("VaultStore.postgres needs org.postgresql:postgresql"), out);
    assertTrue(
        out.contains("FormatPreservingPseudonymizer needs org.bouncycastle:bcprov-jdk18on"), out);
    // Pseudonyms themselves need none of them.
    assertTrue(out.contains("pseudonym ok"), out);
  }

  private static boolean isOptional(String jar) {
    return jar.startsWith("h2-") || jar.startsWith("postgresql-") || jar.startsWith("bcprov-");
  }

  /**
   * The child: calls each feature and prints the exception's message.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    List<Runnable> calls =
        List.of(
            () -> VaultStore.h2(dir.resolve("never-created")),
            () -> VaultStore.h2InMemory("never"),
            () -> VaultStore.postgres("jdbc:postgresql://127.0.0.1:1/none", dir.resolve("never")),
            () ->
                FormatPreservingPseudonymizer.of(
                    Pseudonymizer.generateMasterKeyset(), "cards", "0123456789", 8));
    for (Runnable call : calls) {
      try {
        call.run();
        System.out.println("no exception");
      } catch (IllegalStateException e) {
        System.out.println(e.getMessage());
      }
    }
    Pseudonymizer p =
        Pseudonymizer.builder()
            .masterKeyset(Pseudonymizer.generateMasterKeyset())
            .domain(PseudonymDomain.builder("cards").build())
            .build();
    System.out.println(p.pseudonymize("cards", "1234").isEmpty() ? "empty" : "pseudonym ok");
  }
}

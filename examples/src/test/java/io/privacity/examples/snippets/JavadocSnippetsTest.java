package io.privacity.examples.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every usage example in the library's javadoc compiles: each {@code <pre>{@code ...}</pre>} block
 * of more than one line in the main sources of core, dp, crypto and anonymize must be the code of a
 * snippet in {@link JavadocSnippets} (which the build compiles), compared without whitespace
 * because the formatter lays out the compiled copy its own way. A new example without a snippet, or
 * an example edited without its snippet, fails here.
 */
class JavadocSnippetsTest {
  private static final List<String> MODULES = List.of("core", "dp", "crypto", "anonymize");
  private static final Pattern JAVADOC_BLOCK =
      Pattern.compile("<pre>\\{@code\\s*\\n(.*?)\\}</pre>", Pattern.DOTALL);
  private static final Pattern SNIPPET =
      Pattern.compile("// snippet (\\S+)\\n(.*?)// end snippet", Pattern.DOTALL);

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples/pom.xml"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("project root not found");
    }
    return p;
  }

  /** Multi-line javadoc code blocks, keyed FILE#N (N counts every block of the file, from 1). */
  static Map<String, String> javadocBlocks() throws IOException {
    Map<String, String> blocks = new TreeMap<>();
    for (String module : MODULES) {
      Path src = root().resolve(module).resolve("src/main/java");
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.walk(src)) {
        s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
      }
      for (Path file : files) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = JAVADOC_BLOCK.matcher(text);
        int n = 0;
        while (m.find()) {
          n++;
          String code = m.group(1).replaceAll("(?m)^\\s*\\*", "");
          if (code.strip().lines().count() > 1) {
            String key = root().relativize(file).toString().replace('\\', '/') + "#" + n;
            blocks.put(key, code);
          }
        }
      }
    }
    return blocks;
  }

  static Map<String, String> snippets() throws IOException {
    Path file =
        root()
            .resolve("examples/src/test/java/io/privacity/examples/snippets/JavadocSnippets.java");
    Map<String, String> snippets = new TreeMap<>();
    Matcher m = SNIPPET.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) {
      snippets.put(m.group(1), m.group(2));
    }
    return snippets;
  }

  private static String code(String s) {
    return s.replaceAll("\\s+", "");
  }

  @Test
  void everyMultiLineJavadocExample_isACompiledSnippet() throws IOException {
    Map<String, String> blocks = javadocBlocks();
    Map<String, String> snippets = snippets();
    assertTrue(blocks.size() >= 17, "found only " + blocks.keySet());
    assertEquals(blocks.keySet(), snippets.keySet(), "javadoc examples and compiled snippets");
    for (Map.Entry<String, String> e : blocks.entrySet()) {
      assertEquals(
          code(snippets.get(e.getKey())),
          code(e.getValue()),
          e.getKey() + ": the javadoc example differs from its compiled snippet");
    }
  }
}

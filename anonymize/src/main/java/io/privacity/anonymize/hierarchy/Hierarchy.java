package io.privacity.anonymize.hierarchy;

import io.privacity.anonymize.data.CsvEncodingException;
import io.privacity.anonymize.internal.CsvRecords;
import io.privacity.anonymize.internal.DecodingReader;
import io.privacity.core.internal.Checks;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * A value generalization hierarchy for one attribute, in the ARX format: one row per original
 * value, {@code value;level1;level2;…;top}, where level 0 is the value itself and each further
 * level is coarser (e.g. {@code 39;35-39;30-39;*}). Full-domain generalization to level {@code L}
 * replaces every value by its level-{@code L} entry.
 *
 * <p>The rows must form a tree: all rows have the same number of levels, and two values that are
 * equal at level {@code L} are equal at every level above {@code L} (otherwise generalization would
 * not be monotone, and the lattice search and hierarchical EMD would be meaningless). Both are
 * checked when the hierarchy is built, with messages naming the offending row or value.
 *
 * <p>Read one with {@link #fromCsv(Path, char)}, build one with {@link #of(List)} or generate one
 * with {@link Hierarchies}.
 *
 * <p>Thread-safety: immutable, safe to share between threads.
 */
public final class Hierarchy {
  private final int levelCount;
  private final List<String> values;
  private final Map<String, String[]> rows;
  private final List<Map<String, Integer>> leafCounts;

  private Hierarchy(int levelCount, Map<String, String[]> rows) {
    this.levelCount = levelCount;
    this.rows = rows;
    this.values = List.copyOf(rows.keySet());
    this.leafCounts = new ArrayList<>();
    for (int level = 0; level < levelCount; level++) {
      Map<String, Integer> counts = new HashMap<>();
      for (String[] row : rows.values()) {
        counts.merge(row[level], 1, Integer::sum);
      }
      leafCounts.add(counts);
    }
  }

  /**
   * Builds a hierarchy from rows {@code [value, level1, …, top]}.
   *
   * @param rows at least one row; all of the same length (at least 1); no nulls
   * @return the hierarchy
   * @throws IllegalArgumentException if there are no rows, a row is empty, has a null or a
   *     different length than the first (the message names the 1-based row), a value appears in two
   *     different rows, or the rows do not form a tree (the message names the value and level)
   */
  public static Hierarchy of(List<List<String>> rows) {
    Checks.nonEmpty("hierarchy rows", rows);
    int levels = -1;
    Map<String, String[]> byValue = new LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row == null || row.isEmpty()) {
        throw new IllegalArgumentException("hierarchy row " + (r + 1) + " must not be empty");
      }
      if (levels < 0) {
        levels = row.size();
      } else if (row.size() != levels) {
        throw new IllegalArgumentException(
            "hierarchy row "
                + (r + 1)
                + " ("
                + row.get(0)
                + ") has "
                + row.size()
                + " levels, expected "
                + levels
                + " like row 1");
      }
      String[] cells = new String[levels];
      for (int l = 0; l < levels; l++) {
        cells[l] = row.get(l);
        if (cells[l] == null) {
          throw new IllegalArgumentException(
              "hierarchy row " + (r + 1) + ", level " + l + ": value must not be null");
        }
      }
      String[] previous = byValue.put(cells[0], cells);
      if (previous != null) {
        if (Arrays.equals(previous, cells)) {
          continue;
        }
        throw new IllegalArgumentException(
            "hierarchy has the value \""
                + cells[0]
                + "\" twice with different generalizations: "
                + Arrays.toString(previous)
                + " and "
                + Arrays.toString(cells)
                + " (row "
                + (r + 1)
                + ")");
      }
    }
    for (int l = 1; l < levels; l++) {
      Map<String, String> parent = new HashMap<>();
      for (String[] cells : byValue.values()) {
        String p = parent.putIfAbsent(cells[l - 1], cells[l]);
        if (p != null && !p.equals(cells[l])) {
          throw new IllegalArgumentException(
              "hierarchy is not a tree: \""
                  + cells[l - 1]
                  + "\" at level "
                  + (l - 1)
                  + " generalizes to both \""
                  + p
                  + "\" and \""
                  + cells[l]
                  + "\" at level "
                  + l);
        }
      }
    }
    return new Hierarchy(levels, byValue);
  }

  /**
   * Reads an ARX-format hierarchy: CSV without a header, one row per value.
   *
   * @param path the file (UTF-8)
   * @param delimiter the field delimiter, e.g. {@code ';'}
   * @return the hierarchy
   * @throws IllegalArgumentException if the file is empty or malformed (see {@link #of(List)}; row
   *     numbers are line numbers)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Hierarchy fromCsv(Path path, char delimiter) {
    return fromCsv(path, delimiter, StandardCharsets.UTF_8);
  }

  /**
   * Reads an ARX-format hierarchy in a given charset (a UTF-8 byte order mark is skipped; bytes not
   * valid in the charset are refused with a {@link
   * io.privacity.anonymize.data.CsvEncodingException} naming line and byte).
   *
   * @param path the file
   * @param delimiter the field delimiter, e.g. {@code ';'}
   * @param charset the file's charset
   * @return the hierarchy
   * @throws IllegalArgumentException if the file is empty or malformed (see {@link #of(List)}; row
   *     numbers are line numbers)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Hierarchy fromCsv(Path path, char delimiter, Charset charset) {
    Checks.notNull("path", path);
    Checks.notNull("charset", charset);
    try (Reader r =
        new DecodingReader(
            new BufferedInputStream(Files.newInputStream(path), 1 << 16),
            charset,
            String.valueOf(path.getFileName()))) {
      return fromCsv(r, delimiter);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    } catch (CsvEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an ARX-format hierarchy: CSV without a header, one row per value.
   *
   * @param reader the text (not closed)
   * @param delimiter the field delimiter, e.g. {@code ';'}
   * @return the hierarchy
   * @throws IllegalArgumentException if the text is empty or malformed (see {@link #of(List)})
   */
  public static Hierarchy fromCsv(Reader reader, char delimiter) {
    Checks.notNull("reader", reader);
    List<List<String>> records = CsvRecords.parse(reader, delimiter, "hierarchy");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("hierarchy is empty: at least one row is required");
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> rec : records) {
      rows.add(rec.subList(0, rec.size() - 1));
    }
    return of(rows);
  }

  /**
   * The number of levels, counting level 0 (the original values): a hierarchy {@code value;group;*}
   * has 3 levels, so values can be generalized to levels 0, 1 and 2.
   *
   * @return the level count, at least 1
   */
  public int levelCount() {
    return levelCount;
  }

  /**
   * The highest generalization level, {@code levelCount() - 1}.
   *
   * @return the top level
   */
  public int maxLevel() {
    return levelCount - 1;
  }

  /**
   * The original (level 0) values, in the order of the rows.
   *
   * @return an unmodifiable list of the values
   */
  public List<String> values() {
    return values;
  }

  /**
   * Whether a value is covered by this hierarchy.
   *
   * @param value the original value
   * @return whether it has a row
   */
  public boolean contains(String value) {
    return rows.containsKey(value);
  }

  /**
   * Generalizes a value.
   *
   * @param value an original value of the hierarchy
   * @param level the level, in {@code [0, maxLevel()]}
   * @return the value's level-{@code level} entry
   * @throws IllegalArgumentException if the value is not in the hierarchy or the level is out of
   *     range (the message names the value or the level)
   */
  public String generalize(String value, int level) {
    return row(value).get(checkLevel(level));
  }

  /**
   * A value's row: the value and its generalizations, level 0 to {@link #maxLevel()}.
   *
   * @param value an original value of the hierarchy
   * @return an unmodifiable list of {@link #levelCount()} entries
   * @throws IllegalArgumentException if the value is not in the hierarchy
   */
  public List<String> row(String value) {
    String[] r = rows.get(value);
    if (r == null) {
      throw new IllegalArgumentException(
          "value \"" + value + "\" is not in the hierarchy (it has " + values.size() + " values)");
    }
    return Collections.unmodifiableList(Arrays.asList(r));
  }

  /**
   * How many original values a generalized value covers: 1 for every level-0 value, the number of
   * leaves below it otherwise; 0 if {@code generalized} is not an entry at that level. Used by the
   * "Loss" utility metric.
   *
   * @param level the level, in {@code [0, maxLevel()]}
   * @param generalized an entry at that level
   * @return the number of original values it covers
   * @throws IllegalArgumentException if the level is out of range
   */
  public int leafCount(int level, String generalized) {
    return leafCounts.get(checkLevel(level)).getOrDefault(generalized, 0);
  }

  /**
   * The distinct entries at a level, in the order of first appearance in the rows.
   *
   * @param level the level, in {@code [0, maxLevel()]}
   * @return an unmodifiable list of the entries
   * @throws IllegalArgumentException if the level is out of range
   */
  public List<String> valuesAt(int level) {
    checkLevel(level);
    LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>();
    for (String[] r : rows.values()) {
      seen.put(r[level], Boolean.TRUE);
    }
    return List.copyOf(seen.keySet());
  }

  /**
   * Writes the hierarchy in the ARX format (no header).
   *
   * @param writer where to write (flushed, not closed)
   * @param delimiter the field delimiter
   * @throws UncheckedIOException if the writer fails
   */
  public void writeCsv(Writer writer, char delimiter) {
    Checks.notNull("writer", writer);
    try {
      CSVPrinter printer = new CSVPrinter(writer, CsvRecords.format(delimiter));
      for (String[] r : rows.values()) {
        printer.printRecord((Object[]) r);
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write hierarchy: " + e.getMessage(), e);
    }
  }

  private int checkLevel(int level) {
    if (level < 0 || level >= levelCount) {
      throw new IllegalArgumentException(
          "level must be in [0, " + (levelCount - 1) + "], got " + level);
    }
    return level;
  }

  @Override
  public String toString() {
    return "Hierarchy[" + values.size() + " values, " + levelCount + " levels]";
  }
}

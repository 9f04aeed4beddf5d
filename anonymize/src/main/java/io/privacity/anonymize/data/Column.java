package io.privacity.anonymize.data;

import io.privacity.anonymize.internal.ColumnCodes;
import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable, dictionary-encoded column of a {@link Table}: a name, a {@link ColumnType}, a
 * dictionary of the distinct values and one {@code int} code per row. Codes index the dictionary,
 * which is sorted in the type's order (numbers numerically, dates chronologically, text
 * lexicographically; the empty "missing" value first), so code order is value order. Algorithms
 * group and compare codes instead of strings.
 *
 * <p>Thread-safety: immutable, safe to share between threads.
 */
public final class Column {
  static {
    ColumnCodes.install(c -> c.codes);
  }

  private final String name;
  private final ColumnType type;
  private final String[] dictionary;
  private final double[] numbers;
  private final int[] codes;
  private final Map<String, Integer> index;

  private Column(String name, ColumnType type, String[] dictionary, int[] codes) {
    this.name = name;
    this.type = type;
    this.dictionary = dictionary;
    this.codes = codes;
    this.numbers = new double[dictionary.length];
    this.index = new HashMap<>(dictionary.length * 2);
    for (int c = 0; c < dictionary.length; c++) {
      numbers[c] = type.toNumber(dictionary[c]);
      index.put(dictionary[c], c);
    }
  }

  /**
   * Builds a column from its values, one per row.
   *
   * @param name the column name (non-blank)
   * @param type the values' type
   * @param values the values, one per row (no nulls; the empty string means missing)
   * @return the column
   * @throws IllegalArgumentException if the name is blank, a value is null, or a value is not of
   *     the type (the message names the column, the 1-based row and the value)
   */
  public static Column of(String name, ColumnType type, List<String> values) {
    Checks.nonBlank("column name", name);
    Checks.notNull("type", type);
    Checks.notNull("values", values);
    Map<String, Integer> firstCodes = new HashMap<>();
    List<String> distinct = new ArrayList<>();
    int[] raw = new int[values.size()];
    for (int row = 0; row < raw.length; row++) {
      String v = values.get(row);
      if (v == null) {
        throw new IllegalArgumentException(
            "column '" + name + "' row " + (row + 1) + ": value must not be null");
      }
      Integer code = firstCodes.get(v);
      if (code == null) {
        if (!type.accepts(v)) {
          throw new IllegalArgumentException(
              "column '"
                  + name
                  + "' row "
                  + (row + 1)
                  + ": \""
                  + v
                  + "\" is not a valid "
                  + type
                  + " value");
        }
        code = distinct.size();
        firstCodes.put(v, code);
        distinct.add(v);
      }
      raw[row] = code;
    }
    return fromFirstAppearance(name, type, distinct, raw);
  }

  /**
   * Builds a column from a dictionary and codes, the fast path for algorithms that produce
   * generalized columns. The dictionary may be in any order; it is re-sorted and the codes are
   * re-mapped. Dictionary entries that no row uses are dropped.
   *
   * @param name the column name (non-blank)
   * @param type the values' type
   * @param dictionary the distinct values (no nulls, no duplicates, all of the type)
   * @param codes one index into {@code dictionary} per row
   * @return the column
   * @throws IllegalArgumentException if the name is blank, the dictionary has a null, a duplicate
   *     or a value not of the type, or a code is out of range
   */
  public static Column ofCodes(String name, ColumnType type, List<String> dictionary, int[] codes) {
    Checks.nonBlank("column name", name);
    Checks.notNull("type", type);
    Checks.notNull("dictionary", dictionary);
    Checks.notNull("codes", codes);
    boolean[] used = new boolean[dictionary.size()];
    for (int row = 0; row < codes.length; row++) {
      int c = codes[row];
      if (c < 0 || c >= used.length) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' row "
                + (row + 1)
                + ": code must be in [0, "
                + (used.length - 1)
                + "], got "
                + c);
      }
      used[c] = true;
    }
    List<String> kept = new ArrayList<>();
    int[] remap = new int[used.length];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int c = 0; c < used.length; c++) {
      String v = dictionary.get(c);
      if (v == null) {
        throw new IllegalArgumentException(
            "column '" + name + "': dictionary entry " + c + " must not be null");
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException(
            "column '" + name + "': dictionary has the value \"" + v + "\" twice");
      }
      if (!type.accepts(v)) {
        throw new IllegalArgumentException(
            "column '" + name + "': \"" + v + "\" is not a valid " + type + " value");
      }
      remap[c] = used[c] ? kept.size() : -1;
      if (used[c]) {
        kept.add(v);
      }
    }
    int[] raw = new int[codes.length];
    for (int row = 0; row < codes.length; row++) {
      raw[row] = remap[codes[row]];
    }
    return fromFirstAppearance(name, type, kept, raw);
  }

  /**
   * The column of codes {@code raw} into {@code distinct} (in order of first appearance), with the
   * dictionary sorted in the type's order; {@code raw} is re-mapped in place and kept.
   */
  static Column fromFirstAppearance(
      String name, ColumnType type, List<String> distinct, int[] raw) {
    Integer[] order = new Integer[distinct.size()];
    double[] num = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      num[i] = type.toNumber(distinct.get(i));
    }
    Comparator<Integer> byValue;
    if (type == ColumnType.STRING) {
      byValue = Comparator.comparing(distinct::get);
    } else {
      // Missing (NaN) first, then numeric order, then text for equal numbers ("7" vs "07").
      byValue =
          Comparator.<Integer>comparingInt(i -> Double.isNaN(num[i]) ? 0 : 1)
              .thenComparingDouble(i -> Double.isNaN(num[i]) ? 0 : num[i])
              .thenComparing(distinct::get);
    }
    Arrays.sort(order, byValue);
    String[] dict = new String[order.length];
    int[] remap = new int[order.length];
    for (int sorted = 0; sorted < order.length; sorted++) {
      dict[sorted] = distinct.get(order[sorted]);
      remap[order[sorted]] = sorted;
    }
    for (int row = 0; row < raw.length; row++) {
      raw[row] = remap[raw[row]];
    }
    return new Column(name, type, dict, raw);
  }

  /**
   * The column name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The values' type.
   *
   * @return the type
   */
  public ColumnType type() {
    return type;
  }

  /**
   * The number of rows.
   *
   * @return the row count
   */
  public int size() {
    return codes.length;
  }

  /**
   * The number of distinct values (the dictionary size).
   *
   * @return the cardinality
   */
  public int cardinality() {
    return dictionary.length;
  }

  /**
   * The dictionary code of a row's value.
   *
   * @param row the 0-based row index
   * @return the code, in {@code [0, cardinality())}
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public int code(int row) {
    return codes[row];
  }

  /**
   * A row's value, as text.
   *
   * @param row the 0-based row index
   * @return the value
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public String value(int row) {
    return dictionary[codes[row]];
  }

  /**
   * The value a dictionary code stands for.
   *
   * @param code the code, in {@code [0, cardinality())}
   * @return the value
   * @throws IndexOutOfBoundsException if the code is out of range
   */
  public String dictionaryValue(int code) {
    return dictionary[code];
  }

  /**
   * The numeric position of a dictionary value (see {@link ColumnType#toNumber(String)}).
   *
   * @param code the code, in {@code [0, cardinality())}
   * @return the number, or NaN for text and missing values
   * @throws IndexOutOfBoundsException if the code is out of range
   */
  public double number(int code) {
    return numbers[code];
  }

  /**
   * The dictionary code of a value, or {@code -1} if no row has it.
   *
   * @param value the value
   * @return its code or -1
   */
  public int codeOf(String value) {
    Integer c = index.get(value);
    return c == null ? -1 : c;
  }

  /**
   * The dictionary: the distinct values in code order.
   *
   * @return an unmodifiable list of the distinct values
   */
  public List<String> dictionary() {
    return Collections.unmodifiableList(Arrays.asList(dictionary));
  }

  /**
   * A copy of the codes, one per row.
   *
   * @return a new array of codes
   */
  public int[] codes() {
    return codes.clone();
  }

  /**
   * The same column with another name.
   *
   * @param newName the new name (non-blank)
   * @return the renamed column
   */
  public Column renamed(String newName) {
    Checks.nonBlank("column name", newName);
    return new Column(newName, type, dictionary, codes);
  }

  /**
   * The rows at the given indices, in that order (indices may repeat).
   *
   * @param rows 0-based row indices
   * @return a new column of {@code rows.length} rows
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public Column selectRows(int[] rows) {
    int[] picked = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      picked[i] = codes[rows[i]];
    }
    return ofCodes(name, type, Arrays.asList(dictionary), picked);
  }

  @Override
  public String toString() {
    return "Column[" + name + ": " + type + ", " + size() + " rows, " + cardinality() + " values]";
  }
}

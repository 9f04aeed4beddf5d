package io.privacity.anonymize.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one dictionary-encoded column value by value: each distinct value is kept once, each row
 * as an {@code int} code, so a table of many rows and few distinct values costs about 4 bytes per
 * cell while it is read. Not thread-safe.
 */
final class ColumnAccumulator {
  private final String name;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> distinct = new ArrayList<>();
  private int[] firstRow = new int[16];
  private int[] codes = new int[1024];
  private int size;

  ColumnAccumulator(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  int size() {
    return size;
  }

  /**
   * Appends a value.
   *
   * @return whether the value is new (first seen in this row)
   */
  boolean add(String value) {
    Integer id = ids.get(value);
    boolean fresh = id == null;
    if (fresh) {
      id = distinct.size();
      ids.put(value, id);
      distinct.add(value);
      if (id == firstRow.length) {
        firstRow = Arrays.copyOf(firstRow, firstRow.length * 2);
      }
      firstRow[id] = size;
    }
    if (size == codes.length) {
      codes = Arrays.copyOf(codes, grow(codes.length));
    }
    codes[size++] = id;
    return fresh;
  }

  private static int grow(int length) {
    long next = length + (length >> 1) + 16L;
    if (length == Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a column cannot hold more than 2^31 - 9 rows");
    }
    return (int) Math.min(next, Integer.MAX_VALUE - 8);
  }

  /**
   * Checks every distinct value against a type; the first that fails is reported with the 0-based
   * row where it first appears.
   *
   * @return that row, or -1 if every value is of the type
   */
  int firstRowNotOf(ColumnType type) {
    int worst = -1;
    for (int id = 0; id < distinct.size(); id++) {
      if (!type.accepts(distinct.get(id)) && (worst < 0 || firstRow[id] < worst)) {
        worst = firstRow[id];
      }
    }
    return worst;
  }

  /** The value of a 0-based row. */
  String value(int row) {
    return distinct.get(codes[row]);
  }

  /** The column; the accumulator must not be used afterwards. */
  Column build(ColumnType type) {
    int[] exact = codes.length == size ? codes : Arrays.copyOf(codes, size);
    codes = null;
    ids.clear();
    return Column.fromFirstAppearance(name, type, distinct, exact);
  }
}

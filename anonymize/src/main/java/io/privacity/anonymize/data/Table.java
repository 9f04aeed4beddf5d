package io.privacity.anonymize.data;

import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable table: named, typed, dictionary-encoded {@link Column}s of equal length. Build one
 * with {@link #builder(String...)} row by row, from columns with {@link #of(List)}, or read one
 * with {@link Csv}.
 *
 * <p>Rows are addressed by 0-based index in the API; error messages count rows from 1, as a person
 * reading the file would.
 *
 * <p>Thread-safety: immutable, safe to share between threads.
 */
public final class Table {
  private final List<Column> columns;
  private final Map<String, Integer> indexByName;
  private final int rowCount;

  private Table(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.indexByName = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      indexByName.put(columns.get(i).name(), i);
    }
    this.rowCount = columns.isEmpty() ? 0 : columns.get(0).size();
  }

  /**
   * Builds a table from columns.
   *
   * @param columns at least one column, distinct names, equal sizes
   * @return the table
   * @throws IllegalArgumentException if the list is empty, two columns share a name, or sizes
   *     differ (the message names the column)
   */
  public static Table of(List<Column> columns) {
    Checks.nonEmpty("columns", columns);
    int n = Checks.notNull("columns[0]", columns.get(0)).size();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Column c : columns) {
      Checks.notNull("column", c);
      if (seen.put(c.name(), Boolean.TRUE) != null) {
        throw new IllegalArgumentException(
            "column names must be distinct, got '" + c.name() + "' twice");
      }
      if (c.size() != n) {
        throw new IllegalArgumentException(
            "columns must have equal sizes: column '"
                + c.name()
                + "' has "
                + c.size()
                + " rows, column '"
                + columns.get(0).name()
                + "' has "
                + n);
      }
    }
    return new Table(columns);
  }

  /**
   * Starts a row-by-row builder with the given column names; every column is {@link
   * ColumnType#STRING} unless {@link Builder#type(String, ColumnType)} says otherwise.
   *
   * @param columnNames the header (at least one name, distinct, non-blank)
   * @return a builder
   * @throws IllegalArgumentException if the header is empty, has a blank or a repeated name
   */
  public static Builder builder(String... columnNames) {
    Checks.notNull("columnNames", columnNames);
    return new Builder(Arrays.asList(columnNames));
  }

  /**
   * Starts a row-by-row builder with the given column names.
   *
   * @param columnNames the header (at least one name, distinct, non-blank)
   * @return a builder
   * @throws IllegalArgumentException if the header is empty, has a blank or a repeated name
   */
  public static Builder builder(List<String> columnNames) {
    return new Builder(columnNames);
  }

  /**
   * The number of rows.
   *
   * @return the row count (may be 0)
   */
  public int rowCount() {
    return rowCount;
  }

  /**
   * The number of columns.
   *
   * @return the column count
   */
  public int columnCount() {
    return columns.size();
  }

  /**
   * The column names, in order.
   *
   * @return an unmodifiable list of names
   */
  public List<String> columnNames() {
    return List.copyOf(indexByName.keySet());
  }

  /**
   * The columns, in order.
   *
   * @return an unmodifiable list of the columns
   */
  public List<Column> columns() {
    return columns;
  }

  /**
   * Whether the table has a column of that name.
   *
   * @param name the name
   * @return whether it exists
   */
  public boolean hasColumn(String name) {
    return indexByName.containsKey(name);
  }

  /**
   * The position of a column.
   *
   * @param name the column name
   * @return its 0-based index
   * @throws IllegalArgumentException if there is no such column (the message names it and lists the
   *     columns)
   */
  public int columnIndex(String name) {
    Integer i = indexByName.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "unknown column '" + name + "'; the table has columns " + indexByName.keySet());
    }
    return i;
  }

  /**
   * A column by name.
   *
   * @param name the column name
   * @return the column
   * @throws IllegalArgumentException if there is no such column (the message names it)
   */
  public Column column(String name) {
    return columns.get(columnIndex(name));
  }

  /**
   * A column by position.
   *
   * @param index the 0-based index
   * @return the column
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  public Column column(int index) {
    return columns.get(index);
  }

  /**
   * One cell.
   *
   * @param row the 0-based row index
   * @param column the column name
   * @return the value
   * @throws IllegalArgumentException if there is no such column
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public String value(int row, String column) {
    return column(column).value(row);
  }

  /**
   * One cell.
   *
   * @param row the 0-based row index
   * @param column the 0-based column index
   * @return the value
   * @throws IndexOutOfBoundsException if the row or column is out of range
   */
  public String value(int row, int column) {
    return columns.get(column).value(row);
  }

  /**
   * One row's values, in column order.
   *
   * @param row the 0-based row index
   * @return an unmodifiable list of the values
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public List<String> row(int row) {
    if (row < 0 || row >= rowCount) {
      throw new IndexOutOfBoundsException("row must be in [0, " + rowCount + "), got " + row);
    }
    String[] values = new String[columns.size()];
    for (int c = 0; c < values.length; c++) {
      values[c] = columns.get(c).value(row);
    }
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  /**
   * The table restricted to some columns, in the given order.
   *
   * @param names column names (at least one; each must exist)
   * @return a new table
   * @throws IllegalArgumentException if a name is unknown (the message names it)
   */
  public Table selectColumns(List<String> names) {
    Checks.nonEmpty("names", names);
    List<Column> picked = new ArrayList<>();
    for (String n : names) {
      picked.add(column(n));
    }
    return of(picked);
  }

  /**
   * The table restricted to some rows, in the given order (indices may repeat).
   *
   * @param rows 0-based row indices
   * @return a new table
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public Table selectRows(int[] rows) {
    Checks.notNull("rows", rows);
    List<Column> picked = new ArrayList<>();
    for (Column c : columns) {
      picked.add(c.selectRows(rows));
    }
    return new Table(picked);
  }

  /**
   * The table with one column replaced (same name) or appended (new name).
   *
   * @param column the column, with {@link #rowCount()} rows
   * @return a new table
   * @throws IllegalArgumentException if the column's size differs from the table's
   */
  public Table withColumn(Column column) {
    Checks.notNull("column", column);
    List<Column> next = new ArrayList<>(columns);
    Integer i = indexByName.get(column.name());
    if (i == null) {
      next.add(column);
    } else {
      next.set(i, column);
    }
    return of(next);
  }

  /**
   * The table without some columns.
   *
   * @param names column names to drop (each must exist)
   * @return a new table (with at least one column)
   * @throws IllegalArgumentException if a name is unknown or every column would be dropped
   */
  public Table withoutColumns(List<String> names) {
    Checks.notNull("names", names);
    for (String n : names) {
      columnIndex(n);
    }
    List<Column> kept = new ArrayList<>();
    for (Column c : columns) {
      if (!names.contains(c.name())) {
        kept.add(c);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("cannot drop every column of the table: " + names);
    }
    return of(kept);
  }

  @Override
  public String toString() {
    return "Table["
        + rowCount
        + " rows x "
        + columns.size()
        + " columns "
        + indexByName.keySet()
        + "]";
  }

  /**
   * Builds a {@link Table} row by row. Not thread-safe; use it from one thread, then discard it.
   */
  public static final class Builder {
    private final List<String> names;
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private final List<ColumnAccumulator> cells = new ArrayList<>();

    private Builder(List<String> columnNames) {
      Checks.nonEmpty("columnNames", columnNames);
      for (int i = 0; i < columnNames.size(); i++) {
        String n = columnNames.get(i);
        if (n == null || n.isBlank()) {
          throw new IllegalArgumentException(
              "column name "
                  + (i + 1)
                  + " must be a non-empty string, got "
                  + (n == null ? "null" : "\"" + n + "\""));
        }
        if (types.put(n, ColumnType.STRING) != null) {
          throw new IllegalArgumentException(
              "column names must be distinct, got '" + n + "' twice");
        }
      }
      this.names = List.copyOf(columnNames);
      for (String n : names) {
        cells.add(new ColumnAccumulator(n));
      }
    }

    /**
     * Sets a column's type (default {@link ColumnType#STRING}).
     *
     * @param column the column name
     * @param type the type
     * @return this builder
     * @throws IllegalArgumentException if there is no such column (the message names it)
     */
    public Builder type(String column, ColumnType type) {
      Checks.notNull("type", type);
      if (!types.containsKey(column)) {
        throw new IllegalArgumentException(
            "unknown column '" + column + "'; the header has columns " + names);
      }
      types.put(column, type);
      return this;
    }

    /**
     * Appends a row.
     *
     * @param values one value per column (no nulls)
     * @return this builder
     * @throws IllegalArgumentException if the row has the wrong number of values (the message names
     *     the 1-based row number) or a null value
     */
    public Builder addRow(String... values) {
      Checks.notNull("values", values);
      return addRow(Arrays.asList(values));
    }

    /**
     * Appends a row.
     *
     * @param values one value per column (no nulls)
     * @return this builder
     * @throws IllegalArgumentException if the row has the wrong number of values (the message names
     *     the 1-based row number) or a null value
     */
    public Builder addRow(List<String> values) {
      Checks.notNull("values", values);
      int row = cells.get(0).size() + 1;
      if (values.size() != names.size()) {
        throw new IllegalArgumentException(
            "row "
                + row
                + " has "
                + values.size()
                + " values, expected "
                + names.size()
                + " (one per column "
                + names
                + ")");
      }
      for (int c = 0; c < values.size(); c++) {
        if (values.get(c) == null) {
          throw new IllegalArgumentException(
              "row " + row + ", column '" + names.get(c) + "': value must not be null");
        }
      }
      for (int c = 0; c < values.size(); c++) {
        cells.get(c).add(values.get(c));
      }
      return this;
    }

    /**
     * Builds the table. The builder must not be used afterwards.
     *
     * @return the table
     * @throws IllegalArgumentException if a value is not of its column's type (the message names
     *     the column, the row and the value)
     */
    public Table build() {
      for (ColumnAccumulator a : cells) {
        ColumnType type = types.get(a.name());
        int bad = a.firstRowNotOf(type);
        if (bad >= 0) {
          throw new IllegalArgumentException(
              "column '"
                  + a.name()
                  + "' row "
                  + (bad + 1)
                  + ": \""
                  + a.value(bad)
                  + "\" is not a valid "
                  + type
                  + " value");
        }
      }
      List<Column> cols = new ArrayList<>();
      for (ColumnAccumulator a : cells) {
        cols.add(a.build(types.get(a.name())));
      }
      return new Table(cols);
    }
  }

  /** Builds a table from finished columns without re-checking them (for the CSV reader). */
  static Table ofTrusted(List<Column> columns) {
    return new Table(columns);
  }
}

package io.privacity.anonymize.data;

import io.privacity.anonymize.internal.CsvRecords;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads and writes {@link Table}s as CSV with any single-character delimiter ({@code ,}, {@code ;},
 * tab, …), on Apache Commons CSV (RFC 4180 quoting: fields with the delimiter, quotes or line
 * breaks are quoted). The first record is the header; empty lines are skipped. Files are UTF-8.
 *
 * <p>Errors name what is wrong and where: a record with the wrong number of fields ("row 17 (line
 * 18) has 3 fields, expected 9"), a type for an unknown column, a value not of its column's type.
 *
 * <p>Thread-safety: stateless; all methods are safe to call from many threads.
 */
public final class Csv {
  private Csv() {}

  /**
   * Reads a CSV file; every column is {@link ColumnType#STRING}.
   *
   * @param path the file
   * @param delimiter the field delimiter
   * @return the table
   * @throws IllegalArgumentException if the CSV is malformed (see the class comment)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Table read(Path path, char delimiter) {
    return read(path, delimiter, Map.of());
  }

  /**
   * Reads a CSV file with column types.
   *
   * @param path the file
   * @param delimiter the field delimiter
   * @param types column name to type; columns not named are {@link ColumnType#STRING}
   * @return the table
   * @throws IllegalArgumentException if the CSV is malformed or {@code types} names a column the
   *     header does not have
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Table read(Path path, char delimiter, Map<String, ColumnType> types) {
    Checks.notNull("path", path);
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(r, delimiter, types);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads CSV text; every column is {@link ColumnType#STRING}.
   *
   * @param reader the text (not closed by this method)
   * @param delimiter the field delimiter
   * @return the table
   * @throws IllegalArgumentException if the CSV is malformed
   * @throws UncheckedIOException if the reader fails
   */
  public static Table read(Reader reader, char delimiter) {
    return read(reader, delimiter, Map.of());
  }

  /**
   * Reads CSV text with column types.
   *
   * @param reader the text (not closed by this method)
   * @param delimiter the field delimiter
   * @param types column name to type; columns not named are {@link ColumnType#STRING}
   * @return the table
   * @throws IllegalArgumentException if the CSV is malformed or {@code types} names a column the
   *     header does not have
   * @throws UncheckedIOException if the reader fails
   */
  public static Table read(Reader reader, char delimiter, Map<String, ColumnType> types) {
    Checks.notNull("reader", reader);
    Checks.notNull("types", types);
    List<List<String>> records = CsvRecords.parse(reader, delimiter, "CSV");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("CSV is empty: a header line is required");
    }
    List<String> header = records.get(0).subList(0, records.get(0).size() - 1);
    Table.Builder b = Table.builder(header);
    for (Map.Entry<String, ColumnType> t : types.entrySet()) {
      if (!header.contains(t.getKey())) {
        throw new IllegalArgumentException(
            "unknown column '" + t.getKey() + "' in types; the CSV header has columns " + header);
      }
      b.type(t.getKey(), t.getValue());
    }
    for (int i = 1; i < records.size(); i++) {
      List<String> rec = records.get(i);
      if (rec.size() - 1 != header.size()) {
        throw new IllegalArgumentException(
            "row "
                + i
                + " (line "
                + lineOf(rec)
                + ") has "
                + (rec.size() - 1)
                + " fields, expected "
                + header.size()
                + " (header "
                + header
                + ")");
      }
      b.addRow(rec.subList(0, rec.size() - 1));
    }
    return b.build();
  }

  private static String lineOf(List<String> rec) {
    return rec.get(rec.size() - 1);
  }

  /**
   * Writes a table as CSV (header first) to a file, replacing it.
   *
   * @param table the table
   * @param path the file
   * @param delimiter the field delimiter
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Table table, Path path, char delimiter) {
    Checks.notNull("path", path);
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(table, w, delimiter);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a table as CSV (header first).
   *
   * @param table the table
   * @param writer where to write (flushed, not closed)
   * @param delimiter the field delimiter
   * @throws UncheckedIOException if the writer fails
   */
  public static void write(Table table, Writer writer, char delimiter) {
    Checks.notNull("table", table);
    Checks.notNull("writer", writer);
    try {
      CSVPrinter printer = new CSVPrinter(writer, CsvRecords.format(delimiter));
      printer.printRecord(table.columnNames());
      String[] row = new String[table.columnCount()];
      for (int r = 0; r < table.rowCount(); r++) {
        for (int c = 0; c < row.length; c++) {
          row[c] = table.value(r, c);
        }
        printer.printRecord((Object[]) row);
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
    }
  }

  /**
   * Formats a table as CSV text (header first).
   *
   * @param table the table
   * @param delimiter the field delimiter
   * @return the CSV text, lines ending in {@code \n}
   */
  public static String toString(Table table, char delimiter) {
    StringWriter w = new StringWriter();
    write(table, w, delimiter);
    return w.toString();
  }
}

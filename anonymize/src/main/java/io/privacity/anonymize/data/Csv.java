package io.privacity.anonymize.data;

import io.privacity.anonymize.internal.CsvRecords;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads and writes {@link Table}s as CSV with any single-character delimiter ({@code ,}, {@code ;},
 * tab, …), on Apache Commons CSV (RFC 4180 quoting: fields with the delimiter, quotes or line
 * breaks are quoted). The first record is the header; empty lines are skipped. Files are UTF-8 (a
 * byte order mark is skipped); {@link CsvReader} reads other charsets, detects the delimiter and
 * reports progress. Reading is streaming and dictionary-encoded (see {@link CsvReader}); writing a
 * file is atomic (a temporary file in the same directory, renamed over the target at the end).
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
    Checks.notNull("types", types);
    return CsvReader.builder().delimiter(delimiter).types(types).build().read(path);
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
    Checks.notNull("types", types);
    return CsvReader.builder().delimiter(delimiter).types(types).build().read(reader);
  }

  /**
   * Writes a table as CSV (header first, UTF-8) to a file, replacing it atomically: the text goes
   * to a temporary file in the same directory, which is renamed over {@code path} once complete, so
   * a failure leaves no partial file and an existing file untouched.
   *
   * @param table the table
   * @param path the file
   * @param delimiter the field delimiter
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Table table, Path path, char delimiter) {
    Checks.notNull("path", path);
    Checks.notNull("table", table);
    Path dir = path.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
      try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        write(table, w, delimiter);
      }
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The write already failed; that error is the one to report.
        }
      }
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

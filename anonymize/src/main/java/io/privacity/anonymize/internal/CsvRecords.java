package io.privacity.anonymize.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** CSV parsing shared by the table and hierarchy readers. Internal: not part of the public API. */
public final class CsvRecords {
  private CsvRecords() {}

  /**
   * The CSV dialect: RFC 4180 quoting, the given delimiter, empty lines skipped, {@code \n} line
   * ends on output.
   *
   * @param delimiter the field delimiter
   * @return the format
   */
  public static CSVFormat format(char delimiter) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException(
          "delimiter must not be a quote or a line break, got '" + delimiter + "'");
    }
    return CSVFormat.DEFAULT
        .builder()
        .setDelimiter(delimiter)
        .setIgnoreEmptyLines(true)
        .setRecordSeparator("\n")
        .get();
  }

  /**
   * Parses CSV into records; each record gets its 1-based line number appended as a last element,
   * for error messages.
   *
   * @param reader the text (not closed)
   * @param delimiter the field delimiter
   * @param what what is read, for messages
   * @return the records, each with its line number last
   */
  public static List<List<String>> parse(Reader reader, char delimiter, String what) {
    CSVFormat format = format(delimiter);
    List<List<String>> out = new ArrayList<>();
    try {
      CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
      long previousLine = 0;
      for (CSVRecord rec : parser) {
        List<String> fields = new ArrayList<>(rec.size() + 1);
        for (String f : rec) {
          fields.add(f);
        }
        // The parser has consumed this record's line break (except on a last line without one).
        long line = Math.max(previousLine + 1, parser.getCurrentLineNumber());
        fields.add(Long.toString(line));
        previousLine = line;
        out.add(fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + ": " + e.getMessage(), e);
    } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
      throw new IllegalArgumentException("malformed " + what + ": " + e.getMessage(), e);
    }
    return out;
  }
}

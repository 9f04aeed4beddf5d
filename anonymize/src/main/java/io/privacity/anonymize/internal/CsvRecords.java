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
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == 0) {
      throw new IllegalArgumentException(
          "delimiter must not be a quote, a line break or NUL, got '" + delimiter + "'");
    }
    return CSVFormat.DEFAULT
        .builder()
        .setDelimiter(delimiter)
        .setIgnoreEmptyLines(true)
        .setRecordSeparator("\n")
        .get();
  }

  /**
   * An exception's message for a user: the message alone, without the exception's class name (which
   * {@code UncheckedIOException(cause)} and {@code Throwable.toString()} put in front), or the
   * simple class name if there is no message.
   *
   * @param t the exception
   * @return a readable description
   */
  public static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String m = t.getMessage();
    while (m != null && t.getCause() != null && m.equals(t.getCause().toString())) {
      t = t.getCause();
      m = t.getMessage();
    }
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return m;
  }

  /**
   * Parses CSV into records; each record gets its 1-based line number appended as a last element,
   * for error messages. For small files (hierarchies); tables are streamed by the table reader.
   *
   * @param reader the text (not closed)
   * @param delimiter the field delimiter
   * @param what what is read, for messages
   * @return the records, each with its line number last
   */
  public static List<List<String>> parse(Reader reader, char delimiter, String what) {
    CSVFormat format = format(delimiter);
    List<List<String>> out = new ArrayList<>();
    long previousLine = 0;
    try {
      CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
      for (CSVRecord rec : parser) {
        List<String> fields = new ArrayList<>(rec.size() + 1);
        for (String f : rec) {
          fields.add(f);
        }
        if (out.isEmpty() && !fields.isEmpty() && fields.get(0).startsWith("\uFEFF")) {
          fields.set(0, fields.get(0).substring(1));
        }
        // The parser has consumed this record's line break (except on a last line without one).
        long line = Math.max(previousLine + 1, parser.getCurrentLineNumber());
        fields.add(Long.toString(line));
        previousLine = line;
        out.add(fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + ": " + describe(e), e);
    } catch (UncheckedIOException e) {
      Throwable cause = e.getCause();
      if (cause != null && cause.getClass().getName().startsWith("org.apache.commons.csv")) {
        throw new IllegalArgumentException(
            "malformed " + what + " near line " + (previousLine + 1) + ": " + describe(cause), e);
      }
      throw new UncheckedIOException("cannot read " + what + ": " + describe(cause), e.getCause());
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "malformed " + what + " near line " + (previousLine + 1) + ": " + describe(e), e);
    }
    return out;
  }
}

package io.privacity.anonymize.data;

import io.privacity.anonymize.internal.CsvRecords;
import io.privacity.anonymize.internal.DecodingReader;
import io.privacity.core.internal.Checks;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file into a dictionary-encoded {@link Table} in one streaming pass: each record is
 * parsed, its values are added to per-column dictionaries and only an {@code int} code per cell is
 * kept, so a file of 10^6 rows × 10 columns of few distinct values needs about 40 MB of heap, not
 * the gigabytes its strings would.
 *
 * <pre>{@code
 * Table t = CsvReader.builder()
 *     .charset(StandardCharsets.ISO_8859_1)   // default UTF-8
 *     .type("age", ColumnType.INTEGER)        // default STRING
 *     .build()                                // delimiter detected: ',' ';' or tab
 *     .read(Path.of("census.csv.gz"));
 * }</pre>
 *
 * <p>Files as they come: a UTF-8 byte order mark is skipped; bytes that are not valid in the
 * charset are refused with a {@link CsvEncodingException} naming the line and byte offset; the
 * delimiter is detected unless given; RFC 4180 quoting (delimiters, quotes and line breaks inside
 * quoted fields); {@code \n} or {@code \r\n} line ends; empty lines skipped; a {@code .gz} file is
 * decompressed.
 *
 * <p>Errors name the row, line and column, <b>never a cell's content</b> (it may be personal data):
 * "row 17 (line 18) has 3 fields, expected 9", "column 'age' row 4 (line 5): not a valid INTEGER
 * value".
 *
 * <p>Thread-safety: immutable; {@link #read} may be called from many threads.
 */
public final class CsvReader {
  /** How much of the file's start is examined to detect the delimiter. */
  static final int SAMPLE_CHARS = 1 << 16;

  private static final char[] CANDIDATES = {',', ';', '\t'};

  private final char delimiter;
  private final Charset charset;
  private final Map<String, ColumnType> types;
  private final DoubleConsumer progress;

  private CsvReader(Builder b) {
    this.delimiter = b.delimiter;
    this.charset = b.charset;
    this.types = Map.copyOf(b.types);
    this.progress = b.progress;
  }

  /**
   * Starts a builder: delimiter detected, UTF-8, every column {@link ColumnType#STRING}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a file ({@code .gz}: gzip-compressed).
   *
   * @param path the file
   * @return the table
   * @throws CsvEncodingException if a byte is not valid in the charset
   * @throws IllegalArgumentException if the CSV is malformed, a typed value is not of its type, or
   *     the delimiter cannot be detected (messages name row, line and column, not content)
   * @throws UncheckedIOException if the file cannot be read
   */
  public Table read(Path path) {
    Checks.notNull("path", path);
    String what = String.valueOf(path.getFileName());
    try {
      long size = Files.size(path);
      char sep = delimiter;
      if (sep == 0) {
        try (DecodingReader r = open(path, null)) {
          sep = detect(r, what);
        }
      }
      Counting counter = new Counting(size, progress);
      try (DecodingReader r = open(path, counter)) {
        Table t = parse(r, sep, what);
        counter.finish();
        return t;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + CsvRecords.describe(e), e);
    }
  }

  private DecodingReader open(Path path, Counting counter) throws IOException {
    InputStream in = Files.newInputStream(path);
    if (counter != null) {
      counter.attach(in);
      in = counter;
    }
    in = new BufferedInputStream(in, 1 << 16);
    if (path.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DecodingReader(in, charset, String.valueOf(path.getFileName()));
  }

  /**
   * Reads CSV text (not closed by this method). The charset and progress settings do not apply.
   *
   * @param reader the text
   * @return the table
   * @throws IllegalArgumentException as {@link #read(Path)}
   * @throws UncheckedIOException if the reader fails
   */
  public Table read(Reader reader) {
    Checks.notNull("reader", reader);
    char sep = delimiter;
    Reader in = reader;
    if (sep == 0) {
      BufferedReader buffered = new BufferedReader(reader, SAMPLE_CHARS + 1);
      try {
        buffered.mark(SAMPLE_CHARS + 1);
        sep = detect(buffered, "CSV");
        buffered.reset();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read CSV: " + CsvRecords.describe(e), e);
      }
      in = buffered;
    }
    return parse(in, sep, "CSV");
  }

  /**
   * Detects the delimiter of a CSV file (see {@link #detect(Reader, String)} for the rule).
   *
   * @param path the file ({@code .gz}: gzip-compressed)
   * @param charset its charset
   * @return the delimiter: {@code ,}, {@code ;} or tab
   * @throws IllegalArgumentException if the delimiter cannot be told
   * @throws CsvEncodingException if a byte of the sample is not valid in the charset
   * @throws UncheckedIOException if the file cannot be read
   */
  public static char detectDelimiter(Path path, Charset charset) {
    Checks.notNull("path", path);
    CsvReader reader = builder().charset(charset).build();
    try (DecodingReader r = reader.open(path, null)) {
      return detect(r, String.valueOf(path.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + CsvRecords.describe(e), e);
    }
  }

  /**
   * Detects the delimiter of CSV text: among {@code ,}, {@code ;} and tab, the one that splits the
   * header and every following line of the first 64 KiB into the same number of fields, the most
   * fields if several do; {@code ,} if none occurs in the header (a one-column file).
   *
   * @param sample the start of the text (read up to 64 Ki characters)
   * @param what the file name, for messages
   * @return the delimiter
   * @throws IllegalArgumentException if two candidates fit equally well, or none fits every line
   *     while several occur in the header
   * @throws IOException if the reader fails
   */
  static char detect(Reader sample, String what) throws IOException {
    char[] buf = new char[SAMPLE_CHARS];
    int n = 0;
    while (n < buf.length) {
      int r = sample.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    boolean complete = n < buf.length;
    List<int[]> lines = new ArrayList<>();
    int[] counts = new int[CANDIDATES.length];
    boolean quoted = false;
    boolean content = false;
    for (int i = 0; i < n && lines.size() < 200; i++) {
      char c = buf[i];
      if (c == '"') {
        quoted = !quoted;
        content = true;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        if (content) {
          lines.add(counts);
        }
        counts = new int[CANDIDATES.length];
        content = false;
      } else {
        content = true;
        if (!quoted) {
          for (int k = 0; k < CANDIDATES.length; k++) {
            if (c == CANDIDATES[k]) {
              counts[k]++;
            }
          }
        }
      }
    }
    if (content && complete) {
      lines.add(counts);
    }
    if (lines.isEmpty()) {
      return ',';
    }
    int[] header = lines.get(0);
    int best = -1;
    boolean tie = false;
    int present = 0;
    for (int k = 0; k < CANDIDATES.length; k++) {
      if (header[k] == 0) {
        continue;
      }
      present++;
      boolean consistent = true;
      for (int[] line : lines) {
        consistent &= line[k] == header[k];
      }
      if (!consistent) {
        continue;
      }
      if (best < 0 || header[k] > header[best]) {
        best = k;
        tie = false;
      } else if (header[k] == header[best]) {
        tie = true;
      }
    }
    if (best >= 0 && !tie) {
      return CANDIDATES[best];
    }
    if (present == 0) {
      return ',';
    }
    if (present == 1) {
      for (int k = 0; k < CANDIDATES.length; k++) {
        if (header[k] > 0) {
          return CANDIDATES[k];
        }
      }
    }
    throw new IllegalArgumentException(
        what
            + ": cannot detect the delimiter ("
            + (tie ? "two of" : "none of")
            + " ',' ';' and tab split every line of the first "
            + lines.size()
            + " into the same number of fields); give the delimiter explicitly");
  }

  private Table parse(Reader reader, char sep, String what) {
    CsvRecords.format(sep);
    List<ColumnAccumulator> columns = new ArrayList<>();
    ColumnType[] typeOf = null;
    List<String> header = null;
    long row = 0;
    long previousLine = 0;
    try {
      CSVParser parser =
          CSVParser.builder().setReader(reader).setFormat(CsvRecords.format(sep)).get();
      for (CSVRecord rec : parser) {
        long line = Math.max(previousLine + 1, parser.getCurrentLineNumber());
        previousLine = line;
        if (header == null) {
          header = header(rec, what);
          typeOf = new ColumnType[header.size()];
          for (int c = 0; c < header.size(); c++) {
            columns.add(new ColumnAccumulator(header.get(c)));
            typeOf[c] = types.getOrDefault(header.get(c), ColumnType.STRING);
          }
          for (String t : types.keySet()) {
            if (!header.contains(t)) {
              throw new IllegalArgumentException(
                  "unknown column '" + t + "' in types; the CSV header has columns " + header);
            }
          }
          continue;
        }
        row++;
        if (rec.size() != header.size()) {
          throw new IllegalArgumentException(
              what
                  + ": row "
                  + row
                  + " (line "
                  + line
                  + ") has "
                  + rec.size()
                  + " fields, expected "
                  + header.size()
                  + " (header "
                  + header
                  + ")");
        }
        if (row >= Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException(what + ": more than 2^31 - 9 rows");
        }
        for (int c = 0; c < header.size(); c++) {
          String v = rec.get(c);
          if (columns.get(c).add(v) && typeOf[c] != ColumnType.STRING && !typeOf[c].accepts(v)) {
            throw new IllegalArgumentException(
                what
                    + ": column '"
                    + header.get(c)
                    + "' row "
                    + row
                    + " (line "
                    + line
                    + "): not a valid "
                    + typeOf[c]
                    + " value");
          }
        }
      }
    } catch (UncheckedIOException e) {
      Throwable cause = e.getCause();
      if (cause != null && cause.getClass().getName().startsWith("org.apache.commons.csv")) {
        throw malformed(what, previousLine, e);
      }
      throw new UncheckedIOException(
          "cannot read " + what + ": " + CsvRecords.describe(cause), e.getCause());
    } catch (IllegalStateException e) {
      throw malformed(what, previousLine, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + ": " + CsvRecords.describe(e), e);
    }
    if (header == null) {
      throw new IllegalArgumentException(what + " is empty: a header line is required");
    }
    List<Column> built = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      built.add(columns.get(c).build(typeOf[c]));
      columns.set(c, null);
    }
    return Table.ofTrusted(built);
  }

  private static IllegalArgumentException malformed(String what, long line, Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new IllegalArgumentException(
        what + ": malformed CSV near line " + (line + 1) + ": " + CsvRecords.describe(root), e);
  }

  private static List<String> header(CSVRecord rec, String what) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int c = 0; c < rec.size(); c++) {
      String n = rec.get(c);
      if (c == 0 && n.startsWith("\uFEFF")) {
        n = n.substring(1);
      }
      if (n.isBlank()) {
        throw new IllegalArgumentException(
            what + ": header column " + (c + 1) + " has no name (header " + names + "…)");
      }
      Integer before = seen.put(n, c);
      if (before != null) {
        throw new IllegalArgumentException(
            what
                + ": header has the column name '"
                + n
                + "' twice (columns "
                + (before + 1)
                + " and "
                + (c + 1)
                + ")");
      }
      names.add(n);
    }
    return names;
  }

  /** Counts the bytes read from the file, for progress. */
  private static final class Counting extends FilterInputStream {
    private final long size;
    private final long step;
    private final DoubleConsumer progress;
    private long count;
    private long reported;

    Counting(long size, DoubleConsumer progress) {
      super(null);
      this.size = Math.max(1, size);
      // Report every 0.5% of the file, but at least every MiB and at most every 64 KiB.
      this.step = Math.max(1 << 16, Math.min(1 << 20, size / 200));
      this.progress = progress;
    }

    void attach(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(int n) {
      count += n;
      if (progress != null && count - reported >= step) {
        reported = count;
        progress.accept(Math.min(1, count / (double) size));
      }
    }

    void finish() {
      if (progress != null) {
        progress.accept(1);
      }
    }
  }

  /** Configures a {@link CsvReader}. Not thread-safe. */
  public static final class Builder {
    private char delimiter;
    private Charset charset = StandardCharsets.UTF_8;
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private DoubleConsumer progress;

    private Builder() {}

    /**
     * The field delimiter (default: detected among {@code ,}, {@code ;} and tab).
     *
     * @param delimiter any character but a quote or a line break
     * @return this builder
     * @throws IllegalArgumentException if the delimiter is a quote or a line break
     */
    public Builder delimiter(char delimiter) {
      CsvRecords.format(delimiter);
      this.delimiter = delimiter;
      return this;
    }

    /**
     * Detect the delimiter (the default).
     *
     * @return this builder
     */
    public Builder detectDelimiter() {
      this.delimiter = 0;
      return this;
    }

    /**
     * The file's charset (default UTF-8; a UTF-8 byte order mark is skipped).
     *
     * @param charset the charset
     * @return this builder
     */
    public Builder charset(Charset charset) {
      this.charset = Checks.notNull("charset", charset);
      return this;
    }

    /**
     * A column's type (default {@link ColumnType#STRING}).
     *
     * @param column the column name
     * @param type the type
     * @return this builder
     */
    public Builder type(String column, ColumnType type) {
      types.put(Checks.nonBlank("column", column), Checks.notNull("type", type));
      return this;
    }

    /**
     * Column types.
     *
     * @param types column name to type
     * @return this builder
     */
    public Builder types(Map<String, ColumnType> types) {
      Checks.notNull("types", types).forEach(this::type);
      return this;
    }

    /**
     * Receives the fraction of the file read, non-decreasing, ending with 1 (for files only).
     *
     * @param listener called from the reading thread
     * @return this builder
     */
    public Builder progress(DoubleConsumer listener) {
      this.progress = Checks.notNull("listener", listener);
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public CsvReader build() {
      return new CsvReader(this);
    }
  }
}

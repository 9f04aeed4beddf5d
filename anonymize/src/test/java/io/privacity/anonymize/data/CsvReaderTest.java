package io.privacity.anonymize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files as a statistics office gets them: BOMs, Latin-1, CRLF, quotes, unknown delimiters. */
class CsvReaderTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void utf8ByteOrderMark_isStripped_fromTheFirstColumnName() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    b.write(utf8("name;age\nAnn;30\n"));
    Table t = CsvReader.builder().build().read(write("bom.csv", b.toByteArray()));
    assertEquals(List.of("name", "age"), t.columnNames());
    assertTrue(t.hasColumn("name"));
    assertEquals("30", t.value(0, "age"));
  }

  @Test
  void latin1File_readAsUtf8_failsNamingLineAndByte_notTheContent() throws IOException {
    byte[] text = "city;n\nBerlin;1\nK\u00f6ln;2\n".getBytes(StandardCharsets.ISO_8859_1);
    Path p = write("latin1.csv", text);
    CsvEncodingException e =
        assertThrows(CsvEncodingException.class, () -> CsvReader.builder().build().read(p));
    assertEquals(3, e.line());
    assertEquals("city;n\nBerlin;1\nK".length(), e.byteOffset());
    assertTrue(e.getMessage().contains("line 3, byte 17"), e.getMessage());
    assertFalse(e.getMessage().contains("K"), "no content in: " + e.getMessage());
    Table t = CsvReader.builder().charset(StandardCharsets.ISO_8859_1).build().read(p);
    assertEquals("K\u00f6ln", t.value(1, "city"));
  }

  @Test
  void invalidByteAfterTheFirstBuffer_isLocatedExactly() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 30_000; i++) {
      sb.append(i).append(",\u00e9t\u00e9\n");
    }
    byte[] good = utf8(sb.toString());
    byte[] bad = new byte[good.length + 4];
    System.arraycopy(good, 0, bad, 0, good.length);
    bad[good.length] = 'x';
    bad[good.length + 1] = ',';
    bad[good.length + 2] = (byte) 0xE9;
    bad[good.length + 3] = '\n';
    Path p = write("long.csv", bad);
    CsvEncodingException e =
        assertThrows(CsvEncodingException.class, () -> CsvReader.builder().build().read(p));
    assertEquals(30_002, e.line());
    assertEquals(good.length + 2, e.byteOffset());
  }

  @Test
  void delimiter_isDetected() throws IOException {
    assertEquals(
        List.of("a", "b", "c"),
        CsvReader.builder().build().read(write("c.csv", utf8("a,b,c\n1,2,3\n"))).columnNames());
    // Decimal commas in some lines: only ';' splits every line alike.
    Table semi = CsvReader.builder().build().read(write("s.csv", utf8("a;b\n1,5;2\n4;5,6\n")));
    assertEquals(List.of("a", "b"), semi.columnNames());
    assertEquals("5,6", semi.value(1, "b"));
    assertEquals(
        List.of("a", "b"),
        CsvReader.builder().build().read(write("t.csv", utf8("a\tb\n1\t2\n"))).columnNames());
    assertEquals(
        List.of("only"),
        CsvReader.builder().build().read(write("one.csv", utf8("only\nx\n"))).columnNames());
    // Quoted delimiters do not count.
    Table q = CsvReader.builder().build().read(write("q.csv", utf8("a;b\n\"x;y;z\";2\n\"p\";3\n")));
    assertEquals("x;y;z", q.value(0, "a"));
  }

  @Test
  void delimiter_ambiguous_throws() throws IOException {
    Path p = write("amb.csv", utf8("a,b;c\n1,2;3\n"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().build().read(p));
    assertTrue(e.getMessage().contains("cannot detect the delimiter"), e.getMessage());
  }

  @Test
  void crlf_quotedLineBreaks_andGzip() throws IOException {
    String text = "a,b\r\n1,\"two\r\nlines\"\r\n3,\"say \"\"hi\"\"\"\r\n";
    Table t = CsvReader.builder().build().read(write("crlf.csv", utf8(text)));
    assertEquals(2, t.rowCount());
    assertEquals("two\r\nlines", t.value(0, "b"));
    assertEquals("say \"hi\"", t.value(1, "b"));
    Path gz = dir.resolve("crlf.csv.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(utf8(text));
    }
    assertEquals(t.row(1), CsvReader.builder().build().read(gz).row(1));
  }

  @Test
  void errors_nameRowLineAndColumn_neverTheContent() throws IOException {
    Path ragged = write("r.csv", utf8("name;age\nAnn Secret;30\nBob Private\n"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CsvReader.builder().build().read(ragged));
    assertTrue(e.getMessage().contains("row 2 (line 3) has 1 fields, expected 2"), e.getMessage());
    assertFalse(e.getMessage().contains("Private"), e.getMessage());

    Path typed = write("t.csv", utf8("name;age\nAnn;30\nBob;thirty-ish\n"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvReader.builder().type("age", ColumnType.INTEGER).build().read(typed));
    assertTrue(e.getMessage().contains("column 'age' row 2 (line 3)"), e.getMessage());
    assertFalse(e.getMessage().contains("thirty"), e.getMessage());

    Path quote = write("q.csv", utf8("name;age\n\"Ann Secret\"x;30\n"));
    e = assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().build().read(quote));
    assertTrue(e.getMessage().contains("malformed CSV near line 2"), e.getMessage());
    assertFalse(e.getMessage().contains("Secret"), e.getMessage());
    assertFalse(e.getMessage().contains("CSVException"), e.getMessage());
    assertFalse(e.getMessage().contains("org.apache"), e.getMessage());
  }

  @Test
  void header_blankOrRepeatedName_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CsvReader.builder().build().read(new StringReader("a;;c\n1;2;3\n")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvReader.builder().build().read(new StringReader("a;b;a\n1;2;3\n")));
    assertTrue(e.getMessage().contains("'a' twice"), e.getMessage());
  }

  @Test
  void progress_isMonotoneAndEndsAtOne() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 400_000; i++) {
      sb.append(i % 97).append(',').append(i % 13).append('\n');
    }
    List<Double> seen = new ArrayList<>();
    Table t =
        CsvReader.builder().progress(seen::add).build().read(write("p.csv", utf8(sb.toString())));
    assertEquals(400_000, t.rowCount());
    assertEquals(97, t.column("a").cardinality());
    assertTrue(seen.size() >= 2, seen.toString());
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) >= seen.get(i - 1), seen.toString());
    }
    assertEquals(1.0, seen.get(seen.size() - 1));
  }
}

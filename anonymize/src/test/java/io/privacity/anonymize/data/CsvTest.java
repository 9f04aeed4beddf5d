package io.privacity.anonymize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @Test
  void read_anyDelimiter() {
    for (char d : new char[] {',', ';', '\t', '|'}) {
      String text = "a" + d + "b\n1" + d + "x y\n2" + d + "\"q" + d + "uoted\"\n";
      Table t = Csv.read(new StringReader(text), d);
      assertEquals(List.of("a", "b"), t.columnNames());
      assertEquals(2, t.rowCount());
      assertEquals("q" + d + "uoted", t.value(1, "b"));
    }
  }

  @Test
  void roundTrip_preservesQuotesDelimitersAndLineBreaks(@TempDir Path dir) {
    Table t = Table.builder("x", "y").addRow("a;b", "say \"hi\"").addRow("line\nbreak", "").build();
    Path file = dir.resolve("t.csv");
    Csv.write(t, file, ';');
    Table back = Csv.read(file, ';');
    assertEquals(t.row(0), back.row(0));
    assertEquals(t.row(1), back.row(1));
    assertEquals(Csv.toString(t, ';'), Csv.toString(back, ';'));
  }

  @Test
  void read_raggedRow_throwsNamingRowAndLine() {
    String text = "a;b;c\n1;2;3\n4;5\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Csv.read(new StringReader(text), ';'));
    assertTrue(e.getMessage().contains("row 2 (line 3) has 2 fields, expected 3"), e.getMessage());
  }

  @Test
  void read_typeForUnknownColumn_throwsNamingColumn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Csv.read(new StringReader("a;b\n1;2\n"), ';', Map.of("c", ColumnType.INTEGER)));
    assertTrue(e.getMessage().contains("'c'"), e.getMessage());
  }

  @Test
  void read_typedValueInvalid_throwsNamingColumnAndRow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Csv.read(
                    new StringReader("a;b\n1;2\nx;3\n"), ';', Map.of("a", ColumnType.INTEGER)));
    assertTrue(e.getMessage().contains("column 'a' row 2"), e.getMessage());
  }

  @Test
  void read_emptyOrHeaderOnly() {
    assertThrows(IllegalArgumentException.class, () -> Csv.read(new StringReader(""), ';'));
    assertEquals(0, Csv.read(new StringReader("a;b\n"), ';').rowCount());
  }

  @Test
  void read_badDelimiter_throws() {
    assertThrows(IllegalArgumentException.class, () -> Csv.read(new StringReader("a"), '"'));
    assertThrows(IllegalArgumentException.class, () -> Csv.read(new StringReader("a"), '\n'));
  }

  @Test
  void read_missingFile_throwsUnchecked(@TempDir Path dir) {
    assertThrows(
        java.io.UncheckedIOException.class, () -> Csv.read(dir.resolve("missing.csv"), ';'));
  }

  @Test
  void read_adult() throws Exception {
    Path adult = Path.of("../examples/data/adult/adult.csv");
    Table t = Csv.read(adult, ';', Map.of("age", ColumnType.INTEGER));
    assertEquals(30_162, t.rowCount());
    assertEquals(9, t.columnCount());
    assertEquals(Files.readAllLines(adult).size() - 1, t.rowCount());
    assertEquals("39", t.value(0, "age"));
  }
}

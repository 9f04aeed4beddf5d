package io.privacity.anonymize.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  private static Table sample() {
    return Table.builder("name", "age", "zip")
        .type("age", ColumnType.INTEGER)
        .addRow("ann", "34", "94110")
        .addRow("bob", "9", "94107")
        .addRow("cy", "101", "94110")
        .build();
  }

  @Test
  void builder_buildsColumnsWithTypesAndSortedDictionaries() {
    Table t = sample();
    assertEquals(3, t.rowCount());
    assertEquals(List.of("name", "age", "zip"), t.columnNames());
    Column age = t.column("age");
    assertEquals(ColumnType.INTEGER, age.type());
    assertEquals(List.of("9", "34", "101"), age.dictionary());
    assertEquals(2, age.code(2));
    assertEquals(101.0, age.number(age.code(2)));
    assertEquals("34", t.value(0, "age"));
    assertEquals(List.of("bob", "9", "94107"), t.row(1));
    assertEquals(2, t.column("zip").cardinality());
  }

  @Test
  void builder_raggedRow_throwsNamingRow() {
    Table.Builder b = Table.builder("a", "b").addRow("1", "2");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.addRow("1", "2", "3"));
    assertTrue(e.getMessage().contains("row 2 has 3 values, expected 2"), e.getMessage());
  }

  @Test
  void builder_nullValue_throwsNamingRowAndColumn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Table.builder("a", "b").addRow("1", null));
    assertTrue(e.getMessage().contains("row 1, column 'b'"), e.getMessage());
  }

  @Test
  void builder_badHeader_throws() {
    assertThrows(IllegalArgumentException.class, () -> Table.builder());
    assertThrows(IllegalArgumentException.class, () -> Table.builder("a", "a"));
    assertThrows(IllegalArgumentException.class, () -> Table.builder("a", " "));
    assertThrows(IllegalArgumentException.class, () -> Table.builder("a", null));
  }

  @Test
  void typedColumn_invalidValue_throwsNamingColumnRowAndValue() {
    Table.Builder b =
        Table.builder("age").type("age", ColumnType.INTEGER).addRow("3").addRow("three");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("column 'age' row 2"), e.getMessage());
    assertTrue(e.getMessage().contains("\"three\""), e.getMessage());
  }

  @Test
  void unknownColumn_throwsNamingColumn() {
    Table t = sample();
    for (Runnable r :
        List.<Runnable>of(
            () -> t.column("salary"),
            () -> t.value(0, "salary"),
            () -> t.columnIndex("salary"),
            () -> t.selectColumns(List.of("age", "salary")),
            () -> t.withoutColumns(List.of("salary")),
            () -> Table.builder("a").type("salary", ColumnType.STRING))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
      assertTrue(e.getMessage().contains("'salary'"), e.getMessage());
    }
  }

  @Test
  void emptyTable_hasNoRows() {
    Table t = Table.builder("a", "b").build();
    assertEquals(0, t.rowCount());
    assertEquals(0, t.column("a").cardinality());
  }

  @Test
  void selectAndReplace() {
    Table t = sample();
    Table picked = t.selectRows(new int[] {2, 0});
    assertEquals(List.of("cy", "101", "94110"), picked.row(0));
    assertEquals(List.of("zip", "name"), t.selectColumns(List.of("zip", "name")).columnNames());
    assertEquals(List.of("name", "zip"), t.withoutColumns(List.of("age")).columnNames());
    Table replaced =
        t.withColumn(Column.of("age", ColumnType.STRING, List.of("30-39", "0-9", "100-109")));
    assertEquals("0-9", replaced.value(1, "age"));
    Table appended = t.withColumn(Column.of("x", ColumnType.STRING, List.of("a", "b", "c")));
    assertEquals(4, appended.columnCount());
    assertThrows(
        IllegalArgumentException.class,
        () -> t.withColumn(Column.of("x", ColumnType.STRING, List.of("a"))));
    assertThrows(
        IllegalArgumentException.class, () -> t.withoutColumns(List.of("name", "age", "zip")));
  }

  @Test
  void columnTypes_parseAndOrder() {
    Column d =
        Column.of("d", ColumnType.DATE, List.of("2014-02-01", "", "2014-01-31", "2014-02-01"));
    assertEquals(List.of("", "2014-01-31", "2014-02-01"), d.dictionary());
    assertTrue(Double.isNaN(d.number(0)));
    Column t =
        Column.of("t", ColumnType.DATE_TIME, List.of("2014-01-01 00:14:00", "2014-01-01T00:13"));
    assertEquals("2014-01-01T00:13", t.dictionaryValue(0));
    Column x = Column.of("x", ColumnType.DECIMAL, List.of("1.5", "-2", "1e1"));
    assertEquals(List.of("-2", "1.5", "1e1"), x.dictionary());
    assertThrows(
        IllegalArgumentException.class, () -> Column.of("x", ColumnType.DECIMAL, List.of("NaN")));
    assertThrows(
        IllegalArgumentException.class, () -> Column.of("x", ColumnType.DATE, List.of("1/2/2014")));
    assertThrows(
        IllegalArgumentException.class, () -> Column.of("x", ColumnType.INTEGER, List.of("1.5")));
  }

  @Test
  void ofCodes_remapsAndValidates() {
    Column c =
        Column.ofCodes("c", ColumnType.STRING, List.of("b", "a", "unused"), new int[] {0, 1, 0});
    assertEquals(List.of("a", "b"), c.dictionary());
    assertEquals("b", c.value(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Column.ofCodes("c", ColumnType.STRING, List.of("a"), new int[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Column.ofCodes("c", ColumnType.STRING, List.of("a", "a"), new int[] {0}));
  }

  @Test
  void of_unequalSizes_throwsNamingColumn() {
    Column a = Column.of("a", ColumnType.STRING, List.of("1", "2"));
    Column b = Column.of("b", ColumnType.STRING, List.of("1"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Table.of(List.of(a, b)));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Table.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Table.of(List.of(a, a)));
  }
}

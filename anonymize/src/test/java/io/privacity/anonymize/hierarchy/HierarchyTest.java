package io.privacity.anonymize.hierarchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchyTest {
  private static final Path ADULT = Path.of("../examples/data/adult");

  @Test
  void fromCsv_readsArxFormat() {
    Hierarchy age = Hierarchy.fromCsv(ADULT.resolve("adult_hierarchy_age.csv"), ';');
    assertEquals(5, age.levelCount());
    assertEquals(4, age.maxLevel());
    assertEquals("35-39", age.generalize("37", 1));
    assertEquals("30-39", age.generalize("37", 2));
    assertEquals("*", age.generalize("37", 4));
    assertEquals("37", age.generalize("37", 0));
    assertEquals(age.values().size(), age.leafCount(4, "*"));
    assertEquals(1, age.leafCount(0, "37"));
    assertEquals(0, age.leafCount(1, "no such entry"));
    assertTrue(age.contains("90"));
    assertFalse(age.contains("-1"));
    Hierarchy edu = Hierarchy.fromCsv(ADULT.resolve("adult_hierarchy_education.csv"), ';');
    assertEquals(
        List.of("Bachelors", "Undergraduate", "Higher education", "*"), edu.row("Bachelors"));
    assertTrue(edu.valuesAt(1).contains("High School"));
  }

  @Test
  void raggedRow_throwsNamingRow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Hierarchy.fromCsv(new StringReader("a;x;*\nb;*\n"), ';'));
    assertTrue(e.getMessage().contains("row 2 (b) has 2 levels, expected 3"), e.getMessage());
  }

  @Test
  void notATree_throwsNamingValueAndLevel() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Hierarchy.fromCsv(new StringReader("a;x;p;*\nb;x;q;*\n"), ';'));
    assertTrue(e.getMessage().contains("\"x\" at level 1"), e.getMessage());
  }

  @Test
  void duplicateValueWithDifferentRows_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Hierarchy.fromCsv(new StringReader("a;x;*\na;y;*\n"), ';'));
    assertTrue(e.getMessage().contains("\"a\" twice"), e.getMessage());
    assertEquals(1, Hierarchy.fromCsv(new StringReader("a;x;*\na;x;*\n"), ';').values().size());
  }

  @Test
  void empty_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> Hierarchy.fromCsv(new StringReader(""), ';'));
    assertThrows(IllegalArgumentException.class, () -> Hierarchy.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Hierarchy.of(List.of(List.of())));
  }

  @Test
  void unknownValueOrLevel_throwsNamingThem() {
    Hierarchy h = Hierarchy.of(List.of(List.of("a", "*"), List.of("b", "*")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> h.generalize("zzz", 1));
    assertTrue(e.getMessage().contains("\"zzz\""), e.getMessage());
    IllegalArgumentException l =
        assertThrows(IllegalArgumentException.class, () -> h.generalize("a", 2));
    assertTrue(l.getMessage().contains("level must be in [0, 1], got 2"), l.getMessage());
    assertThrows(IllegalArgumentException.class, () -> h.generalize("a", -1));
  }

  @Test
  void writeCsv_roundTrips() {
    Hierarchy h = Hierarchy.of(List.of(List.of("a;1", "x", "*"), List.of("b", "x", "*")));
    StringWriter w = new StringWriter();
    h.writeCsv(w, ';');
    Hierarchy back = Hierarchy.fromCsv(new StringReader(w.toString()), ';');
    assertEquals(h.values(), back.values());
    assertEquals(h.row("a;1"), back.row("a;1"));
  }
}

package io.privacity.anonymize.hierarchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HierarchiesTest {
  @Test
  void intervals_integers() {
    Hierarchy h = Hierarchies.intervals(List.of("37", "0", "-3", "40"), 5, 10, 20);
    assertEquals(List.of("37", "35-39", "30-39", "20-39", "*"), h.row("37"));
    assertEquals(List.of("-3", "-5--1", "-10--1", "-20--1", "*"), h.row("-3"));
    assertEquals("40-44", h.generalize("40", 1));
  }

  @Test
  void intervals_decimals() {
    Hierarchy h = Hierarchies.intervals(List.of("2.5", "7.25"), 2.5, 5);
    assertEquals(List.of("2.5", "[2.5, 5)", "[0, 5)", "*"), h.row("2.5"));
    assertEquals("[5, 10)", h.generalize("7.25", 2));
  }

  @Test
  void intervals_badInput_throws() {
    List<String> v = List.of("1");
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(v));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(v, 0));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(v, -5));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(v, Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> Hierarchies.intervals(v, Double.POSITIVE_INFINITY));
    IllegalArgumentException nest =
        assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(v, 5, 12));
    assertTrue(nest.getMessage().contains("widths[1]"), nest.getMessage());
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(List.of("x1"), 5));
    assertTrue(nan.getMessage().contains("\"x1\""), nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.intervals(List.of(), 5));
  }

  @Test
  void masking_rightToLeft() {
    Hierarchy h = Hierarchies.masking(List.of("94110", "94107", "123"));
    assertEquals(List.of("94110", "9411*", "941**", "94***", "9****", "*"), h.row("94110"));
    assertEquals("941**", h.generalize("94107", 2));
    assertEquals(List.of("123", "12*", "1**", "***", "***", "*"), h.row("123"));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.masking(List.of("")));
  }

  @Test
  void dateTime_hourDayWeekMonth() {
    Hierarchy h =
        Hierarchies.dateTime(
            List.of("2014-01-09 14:05:00", "2014-01-31T23:59"),
            TimeGranularity.HOUR,
            TimeGranularity.DAY,
            TimeGranularity.WEEK,
            TimeGranularity.MONTH);
    assertEquals(
        List.of("2014-01-09 14:05:00", "2014-01-09T14", "2014-01-09", "2014-01/W2", "2014-01", "*"),
        h.row("2014-01-09 14:05:00"));
    assertEquals("2014-01/W5", h.generalize("2014-01-31T23:59", 3));
    Hierarchy d =
        Hierarchies.dateTime(List.of("2014-03-05"), TimeGranularity.MONTH, TimeGranularity.YEAR);
    assertEquals(List.of("2014-03-05", "2014-03", "2014", "*"), d.row("2014-03-05"));
  }

  @Test
  void dateTime_badInput_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Hierarchies.dateTime(List.of("2014-03-05"), TimeGranularity.HOUR));
    assertThrows(
        IllegalArgumentException.class,
        () -> Hierarchies.dateTime(List.of("05/03/2014"), TimeGranularity.DAY));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Hierarchies.dateTime(
                List.of("2014-03-05"), TimeGranularity.MONTH, TimeGranularity.DAY));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.dateTime(List.of("2014-03-05")));
  }

  @Test
  void tree_fromParentMap_padsShallowLeaves() {
    Map<String, String> parent = new LinkedHashMap<>();
    parent.put("flu", "respiratory");
    parent.put("pneumonia", "respiratory");
    parent.put("respiratory", "disease");
    parent.put("gastritis", "disease");
    Hierarchy h = Hierarchies.tree(parent);
    assertEquals(3, h.levelCount());
    assertEquals(List.of("flu", "respiratory", "disease"), h.row("flu"));
    assertEquals(List.of("gastritis", "gastritis", "disease"), h.row("gastritis"));
    assertEquals(2, h.leafCount(1, "respiratory"));
  }

  @Test
  void tree_badInput_throws() {
    IllegalArgumentException roots =
        assertThrows(
            IllegalArgumentException.class, () -> Hierarchies.tree(Map.of("a", "x", "b", "y")));
    assertTrue(roots.getMessage().contains("exactly one root"), roots.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Hierarchies.tree(Map.of("a", "b", "b", "a")));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.tree(Map.of()));
  }

  @Test
  void grid_nestedCells() {
    Hierarchy h = Hierarchies.grid(List.of("120,250", "-1,0"), 100, 500);
    assertEquals(List.of("120,250", "100m:1:2", "500m:0:0", "*"), h.row("120,250"));
    assertEquals("100m:-1:0", h.generalize("-1,0", 1));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.grid(List.of("1;2"), 100));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.grid(List.of("1,2"), 100, 150));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.grid(List.of("1,NaN"), 100));
  }

  @Test
  void geoGrid_projectsLatLonToMetreCells() {
    // Two San Francisco stations about 1.1 km apart, and one in San Jose (~70 km away).
    Hierarchy h =
        Hierarchies.geoGrid(
            List.of("37.7749,-122.4194", "37.7850,-122.4194", "37.3382,-121.8863"),
            500,
            2000,
            100_000);
    assertEquals(5, h.levelCount());
    assertTrue(
        !h.generalize("37.7749,-122.4194", 1).equals(h.generalize("37.7850,-122.4194", 1)),
        "1.1 km apart: different 500 m cells");
    assertTrue(h.generalize("37.7749,-122.4194", 1).startsWith("500m:"));
    assertEquals("*", h.generalize("37.3382,-121.8863", 4));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.geoGrid(List.of("91,0"), 500));
    assertThrows(IllegalArgumentException.class, () -> Hierarchies.geoGrid(List.of("37.7"), 500));
  }

  @Test
  void suppression_twoLevels() {
    Hierarchy h = Hierarchies.suppression(List.of("a", "b", "a"));
    assertEquals(2, h.values().size());
    assertEquals("*", h.generalize("b", 1));
  }
}

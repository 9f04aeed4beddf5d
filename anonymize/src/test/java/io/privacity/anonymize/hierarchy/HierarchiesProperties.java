package io.privacity.anonymize.hierarchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class HierarchiesProperties {
  @Property(tries = 200)
  void intervals_containTheValueAndNest(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = -1000, max = 1000) Integer> values,
      @ForAll @IntRange(min = 1, max = 20) int width,
      @ForAll @IntRange(min = 2, max = 4) int factor) {
    List<String> texts = values.stream().map(String::valueOf).toList();
    Hierarchy h = Hierarchies.intervals(texts, width, width * factor);
    for (int v : values) {
      for (int level = 1; level <= 2; level++) {
        String label = h.generalize(String.valueOf(v), level);
        int split = label.indexOf('-', 1);
        long lo = Long.parseLong(label.substring(0, split));
        long hi = Long.parseLong(label.substring(split + 1));
        assertTrue(lo <= v && v <= hi, label + " must contain " + v);
        assertEquals(level == 1 ? width : width * factor, hi - lo + 1);
      }
    }
  }

  @Property(tries = 200)
  void masking_masksExactlyTheLastCharacters(
      @ForAll @Size(min = 1, max = 10) List<@StringLength(min = 1, max = 6) String> values) {
    Hierarchy h = Hierarchies.masking(values);
    for (String v : values) {
      for (int level = 1; level < h.maxLevel(); level++) {
        String m = h.generalize(v, level);
        int masked = Math.min(level, v.length());
        assertEquals(v.length(), m.length());
        assertEquals(v.substring(0, v.length() - masked), m.substring(0, v.length() - masked));
      }
      assertEquals("*", h.generalize(v, h.maxLevel()));
    }
  }
}

package io.privacity.anonymize.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PartialMaskProperties {

  @Property
  void lengthIsKept(
      @ForAll String value,
      @ForAll @IntRange(min = 0, max = 10) int first,
      @ForAll @IntRange(min = 0, max = 10) int last) {
    String masked = PartialMask.keep(first, last).apply(value);
    assertEquals(
        value.codePointCount(0, value.length()), masked.codePointCount(0, masked.length()));
  }

  @Property
  void keptCharactersAreTheOriginalOnes_andTheMiddleIsMasked(
      @ForAll String value,
      @ForAll @IntRange(min = 0, max = 10) int first,
      @ForAll @IntRange(min = 0, max = 10) int last) {
    int[] in = value.codePoints().toArray();
    int[] out = PartialMask.keep(first, last, '#').apply(value).codePoints().toArray();
    boolean maskAll = first + last >= in.length;
    for (int i = 0; i < in.length; i++) {
      boolean kept = !maskAll && (i < first || i >= in.length - last);
      assertEquals(kept ? in[i] : '#', out[i], "position " + i);
    }
  }

  @Property
  void atLeastOneCharacterOfANonEmptyValueIsMasked(
      @ForAll String value,
      @ForAll @IntRange(min = 0, max = 10) int first,
      @ForAll @IntRange(min = 0, max = 10) int last) {
    if (value.isEmpty()) {
      return;
    }
    String masked = PartialMask.keep(first, last, '\u2588').apply(value);
    assertEquals(true, masked.indexOf('\u2588') >= 0);
  }
}

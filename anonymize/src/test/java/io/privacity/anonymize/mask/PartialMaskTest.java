package io.privacity.anonymize.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartialMaskTest {

  @Test
  void keepLastFour_ofCardNumber() {
    assertEquals("************1111", PartialMask.keep(0, 4).apply("4111111111111111"));
  }

  @Test
  void keepFirstAndLast() {
    assertEquals("94***", PartialMask.keep(2, 0).apply("94107"));
    assertEquals("A#####Z", PartialMask.keep(1, 1, '#').apply("ABCDEFZ"));
  }

  @Test
  void shortValue_isMaskedCompletely() {
    assertEquals("***", PartialMask.keep(2, 2).apply("abc"));
    assertEquals("****", PartialMask.keep(2, 2).apply("abcd"));
    assertEquals("a***e", PartialMask.keep(1, 1).apply("abcde"));
  }

  @Test
  void emptyValue_staysEmpty() {
    assertEquals("", PartialMask.keep(1, 1).apply(""));
  }

  @Test
  void supplementaryCharacters_areCountedAsOne() {
    String value = "a\uD83D\uDE00b\uD83D\uDE00c"; // a😀b😀c: 5 code points, 7 chars
    assertEquals("a***c", PartialMask.keep(1, 1).apply(value));
    assertEquals("\uD83D\uDE00****", PartialMask.keep(1, 0).apply("\uD83D\uDE00bcde"));
  }

  @Test
  void accessors() {
    PartialMask m = PartialMask.keep(3, 2);
    assertEquals(3, m.keepFirst());
    assertEquals(2, m.keepLast());
    assertTrue(m.toString().contains("keepFirst=3"));
  }

  @ParameterizedTest(name = "keep({0}, {1}) throws naming {2}")
  @CsvSource({
    "-1, 0, keepFirst",
    "0, -1, keepLast",
    "-2147483648, 0, keepFirst",
    "65537, 0, keepFirst",
    "0, 65537, keepLast"
  })
  void counts_outOfRange_throw(int first, int last, String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartialMask.keep(first, last));
    assertTrue(e.getMessage().startsWith(name + " must be in [0, 65536]"), e.getMessage());
  }

  @Test
  void maskChar_surrogate_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartialMask.keep(1, 1, '\uD800'));
    assertTrue(e.getMessage().contains("maskChar"), e.getMessage());
  }

  @Test
  void maskChar_control_throws() {
    assertThrows(IllegalArgumentException.class, () -> PartialMask.keep(1, 1, '\n'));
  }

  @Test
  void value_null_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartialMask.keep(1, 1).apply(null));
    assertTrue(e.getMessage().contains("value"), e.getMessage());
  }
}

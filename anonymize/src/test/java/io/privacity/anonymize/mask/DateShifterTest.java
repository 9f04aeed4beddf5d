package io.privacity.anonymize.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateShifterTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private static DateShifter shifter(int maxDays, String context) {
    return DateShifter.builder().key(KEY).maxDays(maxDays).context(context).build();
  }

  @Test
  void sameSubject_sameOffset_intervalsKept() {
    DateShifter s = shifter(30, "release-1");
    LocalDate admit = LocalDate.of(2014, 3, 1);
    LocalDate discharge = LocalDate.of(2014, 3, 9);
    LocalDate a = s.shift("patient-17", admit);
    LocalDate d = s.shift("patient-17", discharge);
    assertEquals(8, ChronoUnit.DAYS.between(a, d));
    assertNotEquals(admit, a);
    assertEquals(s.offsetDays("patient-17"), ChronoUnit.DAYS.between(admit, a));
  }

  @Test
  void offset_isTheDocumentedHmacConstruction() throws Exception {
    // Recompute the first attempt of the documented construction independently.
    int maxDays = 100; // range 200 -> 8 bits
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String subject = "subject-42";
    for (int counter = 0; ; counter++) {
      byte[] msg =
          concat(
              "privacity.date-shift.v1".getBytes(StandardCharsets.UTF_8),
              new byte[] {0},
              "ctx".getBytes(StandardCharsets.UTF_8),
              new byte[] {0},
              subject.getBytes(StandardCharsets.UTF_8),
              new byte[] {0},
              new byte[] {0, 0, 0, (byte) counter});
      byte[] h = mac.doFinal(msg);
      int v = h[0] & 0xFF;
      if (v < 200) {
        int expected = v < 100 ? -(v + 1) : v - 100 + 1;
        assertEquals(
            expected, shifter(maxDays, "ctx").offsetDays(subject), HexFormat.of().formatHex(h));
        return;
      }
    }
  }

  @Test
  void contexts_giveIndependentOffsets() {
    DateShifter a = shifter(3650, "release-1");
    DateShifter b = shifter(3650, "release-2");
    int same = 0;
    for (int i = 0; i < 200; i++) {
      if (a.offsetDays("s" + i) == b.offsetDays("s" + i)) {
        same++;
      }
    }
    // Independent uniform offsets on 7300 values agree with probability 1/7300 each; more than 5
    // agreements in 200 has probability < 1e-9.
    assertTrue(same <= 5, "agreements: " + same);
  }

  @Test
  void differentKeys_differentOffsets() {
    DateShifter a = DateShifter.builder().key(DateShifter.generateKey()).maxDays(3650).build();
    DateShifter b = DateShifter.builder().key(DateShifter.generateKey()).maxDays(3650).build();
    int same = 0;
    for (int i = 0; i < 100; i++) {
      if (a.offsetDays("s" + i) == b.offsetDays("s" + i)) {
        same++;
      }
    }
    // Fresh random keys: P(more than 5 of 100 agree) < 1e-12.
    assertTrue(same <= 5, "agreements: " + same);
  }

  @Test
  void maxDaysOne_offsetIsPlusOrMinusOne() {
    DateShifter s = shifter(1, "");
    for (int i = 0; i < 50; i++) {
      int o = s.offsetDays("s" + i);
      assertTrue(o == 1 || o == -1, "offset " + o);
    }
  }

  @Test
  void shift_dateTime_keepsTimeOfDay() {
    DateShifter s = shifter(10, "");
    LocalDateTime t = LocalDateTime.of(2014, 1, 1, 0, 14);
    LocalDateTime shifted = s.shift("x", t);
    assertEquals(t.toLocalTime(), shifted.toLocalTime());
    assertEquals(s.offsetDays("x"), ChronoUnit.DAYS.between(t, shifted));
  }

  @Test
  void shiftText_dateTimeAndDatePatterns() {
    DateShifter s = shifter(10, "");
    int o = s.offsetDays("x");
    DateTimeFormatter dt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    assertEquals(
        LocalDateTime.of(2014, 1, 1, 0, 14).plusDays(o).format(dt),
        s.shiftText("x", "2014-01-01 00:14:00", dt));
    assertEquals(
        LocalDate.of(2014, 1, 1).plusDays(o).toString(),
        s.shiftText("x", "2014-01-01", DateTimeFormatter.ISO_LOCAL_DATE));
  }

  @Test
  void shiftText_unparseable_throwsNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> shifter(10, "").shiftText("x", "31/12/2014", DateTimeFormatter.ISO_LOCAL_DATE));
    assertTrue(e.getMessage().contains("\"31/12/2014\""), e.getMessage());
  }

  @Test
  void toString_doesNotShowTheKey() {
    String s = shifter(10, "ctx").toString();
    assertFalse(s.contains("0123456789abcdef"), s);
    assertFalse(s.contains(HexFormat.of().formatHex(KEY)), s);
    assertTrue(s.contains("maxDays=10"), s);
  }

  @ParameterizedTest(name = "maxDays = {0} throws")
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE, 36_526, Integer.MAX_VALUE})
  void maxDays_outOfRange_throws(int maxDays) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DateShifter.builder().maxDays(maxDays));
    assertEquals("maxDays must be in [1, 36525], got " + maxDays, e.getMessage());
  }

  @Test
  void keyBytes_null_throws() {
    assertThrows(IllegalArgumentException.class, () -> DateShifter.builder().key((byte[]) null));
  }

  @Test
  void key_null_throws() {
    assertThrows(IllegalArgumentException.class, () -> DateShifter.builder().key((SecretKey) null));
  }

  @Test
  void keyBytes_tooShort_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DateShifter.builder().key(new byte[15]));
    assertEquals("keyBytes must have at least 16 bytes, got 15", e.getMessage());
  }

  @Test
  void secretKey_tooShort_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DateShifter.builder().key(new SecretKeySpec(new byte[8], "HmacSHA256")));
  }

  @Test
  void context_null_throws() {
    assertThrows(IllegalArgumentException.class, () -> DateShifter.builder().context(null));
  }

  @Test
  void build_withoutKey_throws() {
    assertThrows(IllegalStateException.class, () -> DateShifter.builder().maxDays(3).build());
  }

  @Test
  void build_withoutMaxDays_throws() {
    assertThrows(IllegalStateException.class, () -> DateShifter.builder().key(KEY).build());
  }

  @ParameterizedTest(name = "subjectId \"{0}\" throws")
  @ValueSource(strings = {"", " ", "\t"})
  void subjectId_blank_throws(String id) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> shifter(3, "").offsetDays(id));
    assertTrue(e.getMessage().startsWith("subjectId must be a non-empty string"), e.getMessage());
  }

  @Test
  void subjectId_null_throws() {
    assertThrows(IllegalArgumentException.class, () -> shifter(3, "").offsetDays(null));
  }

  @Test
  void date_null_throws() {
    assertThrows(IllegalArgumentException.class, () -> shifter(3, "").shift("x", (LocalDate) null));
    assertThrows(
        IllegalArgumentException.class, () -> shifter(3, "").shift("x", (LocalDateTime) null));
    assertThrows(
        IllegalArgumentException.class,
        () -> shifter(3, "").shiftText("x", null, DateTimeFormatter.ISO_LOCAL_DATE));
    assertThrows(
        IllegalArgumentException.class, () -> shifter(3, "").shiftText("x", "2014-01-01", null));
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}

package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.keys.WrapScheme;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The version-2 header (issue 22): compact key ids, the one- or two-byte wrapped-key length, the
 * 4-byte context digest; that version 2 exists for kind 1 only; and that relabelling a version-1
 * envelope as version 2 (or back) never opens.
 */
class EnvelopeV2FormatTest {
  private static final byte[] COMMITMENT = new byte[Format.COMMITMENT_LEN];

  private static Format.Header roundTrip(String kekId, WrapScheme scheme, int wrappedLen)
      throws MalformedEnvelopeException {
    byte[] wrapped = new byte[wrappedLen];
    Arrays.fill(wrapped, (byte) 0x5A);
    int suite = Format.suite(Format.PAYLOAD_GCM, scheme);
    byte[] header =
        Format.writeHeader(
            Format.VERSION_2,
            Format.KIND_ENVELOPE,
            suite,
            0,
            kekId,
            wrapped,
            Fixtures.SENSOR_CTX,
            COMMITMENT);
    ByteReader r = new ByteReader(header);
    Format.Header h = Format.parseHeader(r, Format.KIND_ENVELOPE);
    assertEquals(header.length, h.end);
    assertArrayEquals(wrapped, h.wrapped);
    return h;
  }

  @Provide
  Arbitrary<String> kekIds() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 0x1_0000_0000L + 5).map(n -> "local-" + n),
        Arbitraries.longs().between(0, 0x1_0000_0000L + 5).map(n -> "hpke-" + n),
        Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12).map(d -> "local-" + d),
        // Key ids are well-formed text (an unpaired surrogate has no UTF-8 encoding).
        Arbitraries.strings()
            .all()
            .ofMinLength(1)
            .ofMaxLength(60)
            .filter(
                s ->
                    new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                        .equals(s)));
  }

  @Property(tries = 2000)
  void everyKeyIdAndWrappedLength_roundTrips(
      @ForAll("kekIds") String kekId,
      @ForAll boolean hpke,
      @ForAll @IntRange(min = 1, max = Format.MAX_WRAPPED_LEN) int wrappedLen)
      throws MalformedEnvelopeException {
    if (kekId.getBytes(StandardCharsets.UTF_8).length > 255) {
      return;
    }
    WrapScheme scheme = hpke ? WrapScheme.HPKE : WrapScheme.AEAD;
    Format.Header h = roundTrip(kekId, scheme, wrappedLen);
    assertEquals(kekId, h.kekId);
    assertEquals(Format.DIGEST_LEN_V2, h.contextDigest.length);
  }

  @Property(tries = 500)
  void compactIds_arePrefixAndUnsignedDecimal_withoutLeadingZeros(
      @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long n) {
    assertEquals(n, Format.compactKeyId("local-" + n, WrapScheme.AEAD));
    assertEquals(n, Format.compactKeyId("hpke-" + n, WrapScheme.HPKE));
    assertEquals(-1, Format.compactKeyId("hpke-" + n, WrapScheme.AEAD));
    assertEquals(-1, Format.compactKeyId("local-0" + n, WrapScheme.AEAD));
  }

  @Test
  void compactIds_edges() {
    assertEquals(0, Format.compactKeyId("local-0", WrapScheme.AEAD));
    assertEquals(0xFFFF_FFFFL, Format.compactKeyId("local-4294967295", WrapScheme.AEAD));
    for (String id :
        new String[] {
          "local-4294967296", "local-", "local--1", "local-1a", "local-+1", "LOCAL-1"
        }) {
      assertEquals(-1, Format.compactKeyId(id, WrapScheme.AEAD), id);
    }
  }

  @Test
  void wrappedLength_longFormOfAShortLength_isRefused() throws Exception {
    byte[] h = header(5);
    int lenAt = Format.PREFIX_LEN + 5; // after the compact key id
    assertEquals(5, h[lenAt]);
    byte[] t = new byte[h.length + 1];
    System.arraycopy(h, 0, t, 0, lenAt);
    t[lenAt] = (byte) 0x80;
    t[lenAt + 1] = 5;
    System.arraycopy(h, lenAt + 1, t, lenAt + 2, h.length - lenAt - 1);
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> Format.parseHeader(new ByteReader(t), Format.KIND_ENVELOPE));
    assertTrue(e.getMessage().contains("short form"), e.getMessage());
  }

  @Test
  void wrappedLength_twoByteForm_abovePlusMax_isRefused() throws Exception {
    byte[] h = header(200);
    int lenAt = Format.PREFIX_LEN + 5;
    assertEquals((byte) 0x80, h[lenAt]);
    assertEquals((byte) 200, h[lenAt + 1]);
    h[lenAt] = (byte) 0xFF; // 0x7FC8 = 32,712 > 1,024
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> Format.parseHeader(new ByteReader(h), Format.KIND_ENVELOPE));
    assertTrue(e.getMessage().contains("wrapped key length"), e.getMessage());
  }

  private static byte[] header(int wrappedLen) {
    return Format.writeHeader(
        Format.VERSION_2,
        Format.KIND_ENVELOPE,
        Format.suite(Format.PAYLOAD_GCM, WrapScheme.AEAD),
        0,
        "local-7",
        new byte[wrappedLen],
        Fixtures.SENSOR_CTX,
        COMMITMENT);
  }

  @Test
  void version2_ofAnotherKind_isMalformed() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] keyBlock = w.sealer.newSession(Fixtures.SENSOR_CTX).keyBlock();
    assertEquals(Format.VERSION, keyBlock[2]);
    byte[] t = keyBlock.clone();
    t[2] = Format.VERSION_2;
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> w.opener.acceptSessionKey(t, Fixtures.SENSOR_CTX));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void relabelledVersions_neverOpen() throws Exception {
    Golden g = Golden.load();
    for (Golden.Vector v : g.vectors) {
      if (v.envelope[3] == Format.KIND_ENVELOPE) {
        byte[] t = v.envelope.clone();
        t[2] = Format.VERSION_2;
        assertThrows(GeneralSecurityException.class, () -> g.opener.open(t, v.context), v.name);
      }
    }
    for (Golden.Vector v : g.vectorsV2) {
      byte[] t = v.envelope.clone();
      t[2] = Format.VERSION;
      assertThrows(GeneralSecurityException.class, () -> g.opener.open(t, v.context), v.name);
    }
  }
}

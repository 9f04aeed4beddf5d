package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * Committed v1 and v2 envelopes keep opening: the formats and key schedules are frozen (new
 * self-contained envelopes are version 2 since issue 22; version 1 is still read).
 */
class GoldenVectorTest {
  @Test
  void everyGoldenVector_opensToItsPayload() throws Exception {
    Golden g = Golden.load();
    assertEquals(9, g.vectors.size());
    for (Golden.Vector v : g.vectors) {
      byte[] out;
      if (v.name.equals("stream")) {
        out =
            g.opener
                .newOpeningStream(new ByteArrayInputStream(v.envelope), v.context)
                .readAllBytes();
      } else {
        if (v.keyBlock != null) {
          g.opener.acceptSessionKey(v.keyBlock, v.context);
        }
        out = g.opener.open(v.envelope, v.context);
      }
      assertArrayEquals(v.payload, out, v.name);
    }
  }

  @Test
  void goldenSubjectEnvelope_afterForget_isShredded() throws Exception {
    Golden g = Golden.load();
    Golden.Vector v =
        g.vectors.stream().filter(x -> x.name.equals("envelope-subject")).findFirst().get();
    g.subjects.forget(v.context.subject().get());
    assertThrows(WrongContextException.class, () -> g.opener.open(v.envelope, v.context));
  }

  @Test
  void goldenEnvelope_underOtherContext_isRejected() throws Exception {
    Golden g = Golden.load();
    for (Golden.Vector v : g.vectors) {
      if (v.name.startsWith("envelope") || v.name.startsWith("hpke-envelope")) {
        assertThrows(
            WrongContextException.class,
            () -> g.opener.open(v.envelope, EncryptionContext.of("purpose", "other")),
            v.name);
      }
    }
  }

  @Test
  void goldenEnvelope_wrappedUnderKnownKeyIds() throws GeneralSecurityException, Exception {
    Golden g = Golden.load();
    Golden.Vector v = g.vectors.get(0);
    assertEquals(g.kek.keyIds().get(0), EnvelopeOpener.keyIdOf(v.envelope));
  }

  @Test
  void everyV2GoldenVector_opensToItsPayload_andOnlyUnderItsContext() throws Exception {
    Golden g = Golden.load();
    assertEquals(5, g.vectorsV2.size());
    for (Golden.Vector v : g.vectorsV2) {
      assertEquals(Format.VERSION_2, v.envelope[2], v.name);
      assertArrayEquals(v.payload, g.opener.open(v.envelope, v.context), v.name);
      assertThrows(
          WrongContextException.class,
          () -> g.opener.open(v.envelope, EncryptionContext.of("purpose", "other")),
          v.name);
    }
    Golden.Vector digest = g.vectorsV2.get(0);
    assertEquals(g.kek.keyIds().get(0), EnvelopeOpener.keyIdOf(digest.envelope));
    Golden.Vector bound =
        g.vectorsV2.stream().filter(x -> x.name.equals("envelope-subject")).findFirst().get();
    g.subjects.forget(bound.context.subject().get());
    assertThrows(WrongContextException.class, () -> g.opener.open(bound.envelope, bound.context));
  }

  @Test
  void newEnvelopes_areVersion2_andStillMatchTheV2Layout() throws Exception {
    Golden g = Golden.load();
    byte[] fresh =
        EnvelopeSealer.builder().keys(g.kek).build().seal(new byte[16], Fixtures.SENSOR_CTX);
    Golden.Vector digest = g.vectorsV2.get(0);
    assertEquals(Format.VERSION_2, fresh[2]);
    // Same key, context and payload size: the same length as the committed vector.
    assertEquals(
        digest.envelope.length - digest.payload.length, fresh.length - 16, "v2 overhead changed");
  }
}

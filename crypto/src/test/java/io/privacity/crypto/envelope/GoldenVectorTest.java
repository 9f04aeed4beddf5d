package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/** Committed v1 envelopes keep opening: the format and key schedule are frozen. */
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
}

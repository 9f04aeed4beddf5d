package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeSmokeTest {
  @Test
  void allModes_roundTrip() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] pt = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(pt, w.opener.open(w.sealer.seal(pt, Fixtures.CTX), Fixtures.CTX));
    SealingSession s = w.sealer.newSession(Fixtures.CTX);
    byte[] rec = s.seal(pt);
    w.opener.acceptSessionKey(s.keyBlock(), Fixtures.CTX);
    assertArrayEquals(pt, w.opener.open(rec, Fixtures.CTX));
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = w.sealer.newSealingStream(bos, Fixtures.CTX)) {
      o.write(pt);
    }
    byte[] back =
        w.opener
            .newOpeningStream(new ByteArrayInputStream(bos.toByteArray()), Fixtures.CTX)
            .readAllBytes();
    assertArrayEquals(pt, back);
    System.out.println(
        "envelope "
            + w.sealer.seal(new byte[16], Fixtures.CTX).length
            + " record "
            + s.seal(new byte[16]).length
            + " keyblock "
            + s.keyBlock().length);
  }
}

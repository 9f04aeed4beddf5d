package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Subject ids, bucket counts and contexts at the edges of what the API accepts: the erasure must
 * reach every envelope of the subject named, and only those.
 */
class SubjectKeysEdgeTest {
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);

  private static EncryptionContext about(String subject) {
    return EncryptionContext.of("subject", subject, "purpose", "noise-complaints");
  }

  @Test
  void anIdInAnotherUnicodeNormalForm_isTheSameSubject_forgettingEitherErasesBoth()
      throws Exception {
    Fixtures.World w = new Fixtures.World();
    String composed = "Jos\u00e9 Mu\u00f1oz"; // NFC, as typed into a web form
    String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD); // as macOS stores it
    assertFalse(composed.equals(decomposed));
    byte[] sealedDecomposed = w.sealer.seal(READING, about(decomposed));
    byte[] sealedComposed = w.sealer.seal(READING, about(composed));
    // The erasure request arrives with the id in the other form.
    w.subjects.forget(composed);
    assertTrue(w.subjects.isForgotten(decomposed));
    assertThrows(
        WrongContextException.class, () -> w.opener.open(sealedDecomposed, about(decomposed)));
    assertThrows(WrongContextException.class, () -> w.opener.open(sealedComposed, about(composed)));
    assertThrows(SubjectShreddedException.class, () -> w.sealer.seal(READING, about(decomposed)));
    assertEquals(w.subjects.ref(composed), w.subjects.ref(decomposed));
  }

  @Test
  void anIdWithAnUnpairedSurrogate_isRefused_andForgetsNoOtherSubject() throws Exception {
    Fixtures.World w = new Fixtures.World();
    // UTF-8 encodes an unpaired surrogate as '?': such an id would name the subject "?".
    byte[] question = w.sealer.seal(READING, about("?"));
    for (String malformed : List.of("\uD800", "\uDFFF", "a\uD800b")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> w.subjects.forget(malformed));
      assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> w.subjects.isForgotten(malformed));
      assertThrows(IllegalArgumentException.class, () -> w.subjects.ref(malformed));
    }
    assertFalse(w.subjects.isForgotten("?"));
    assertArrayEquals(READING, w.opener.open(question, about("?")));
  }

  @Test
  void idsThatDifferOnlyByNullBytesOrLength_areDistinctSubjects() throws Exception {
    Fixtures.World w = new Fixtures.World();
    List<String> ids = List.of("a", "a\0", "a\0b", "\0", "\0\0", "x".repeat(4096));
    Map<String, byte[]> sealed = new HashMap<>();
    for (String id : ids) {
      sealed.put(id, w.sealer.seal(READING, about(id)));
    }
    w.subjects.forget("a\0");
    for (String id : ids) {
      if (id.equals("a\0")) {
        assertThrows(WrongContextException.class, () -> w.opener.open(sealed.get(id), about(id)));
      } else {
        assertArrayEquals(READING, w.opener.open(sealed.get(id), about(id)), id);
        assertFalse(w.subjects.isForgotten(id));
      }
    }
  }

  @Test
  void aOneMegabyteId_canBeForgotten_andIsNeverEchoed() throws Exception {
    Fixtures.World w = new Fixtures.World();
    String huge = "p".repeat(1 << 20);
    assertFalse(w.subjects.forget(huge));
    assertTrue(w.subjects.isForgotten(huge));
    assertEquals(64, w.subjects.ref(huge).length());
    assertFalse(w.subjects.isForgotten(huge.substring(1)));
    w.ledger.entries().forEach(e -> assertFalse(e.toJson().contains("pppppppp")));
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> w.subjects.forget(" ".repeat(1 << 20)));
    assertTrue(blank.getMessage().length() < 200, "the message must not echo the id");
  }

  @Test
  void bucketCounts_atAndBeyondTheEdges() throws Exception {
    for (int bad : List.of(0, -1, 65_537, Integer.MAX_VALUE, Integer.MIN_VALUE)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SubjectKeys.builder().buckets(bad));
      assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
      assertTrue(e.getMessage().contains("65536"), e.getMessage());
    }
    for (int buckets : List.of(1, 65_536)) {
      SubjectKeys keys =
          SubjectKeys.builder().masterKey(Fixtures.masterKey()).buckets(buckets).build();
      EnvelopeSealer sealer =
          EnvelopeSealer.builder()
              .keys(io.privacity.crypto.keys.LocalKeysetKekProvider.generate())
              .subjectKeys(keys)
              .build();
      sealer.seal(READING, about("a"));
      sealer.seal(READING, about("b"));
      assertTrue(keys.forget("a"));
      assertThrows(SubjectShreddedException.class, () -> sealer.seal(READING, about("a")));
      sealer.seal(READING, about("b"));
    }
  }

  @Test
  void fullContextOfExactly65536Bytes_isRefused_65535Accepted() throws Exception {
    Fixtures.World w = new Fixtures.World(ContextBinding.FULL);
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < 15; i++) {
      entries.put("k" + i, "v".repeat(4096));
    }
    entries.put("k15", "");
    int rest = 65_535 - EncryptionContext.of(entries).canonicalEncoding().length;
    entries.put("k15", "v".repeat(rest));
    EncryptionContext edge = EncryptionContext.of(entries);
    assertEquals(65_535, edge.canonicalEncoding().length);
    assertEquals(1, w.opener.open(w.sealer.seal(new byte[1], edge), edge).length);
    entries.put("k15", "v".repeat(rest + 1));
    EncryptionContext over = EncryptionContext.of(entries);
    assertEquals(65_536, over.canonicalEncoding().length);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> w.sealer.seal(new byte[1], over));
    assertTrue(e.getMessage().contains("65536"), e.getMessage());
  }
}

package io.privacity.crypto.envelope;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.privacity.crypto.keys.KeyEncryptionKeyProvider;
import io.privacity.crypto.keys.UnknownKeyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Jazzer fuzz test of everything that parses untrusted bytes: {@code open}, {@code
 * acceptSessionKey}, {@code newOpeningStream}, {@code rewrap} and the context decoder, with the
 * golden keys loaded so that mutated valid envelopes reach the cryptographic checks.
 *
 * <p>By default (CI) this runs in Jazzer's regression mode: the seeds in {@code
 * src/test/resources/io/privacity/crypto/envelope/EnvelopeFuzzTestInputs/fuzz/} (golden envelopes,
 * one per operation) and any saved findings. To fuzz for {@code maxDuration} (20 s), see {@code
 * src/test/resources/junit-platform.properties}: hooks on, then {@code JAZZER_FUZZ=1}. A finding is
 * any exception other than the declared {@link GeneralSecurityException} subtypes (and {@link
 * IOException} from a streaming read, {@link IllegalArgumentException} from the context decoder),
 * or a hang.
 */
class EnvelopeFuzzTest {
  private static final Golden GOLDEN;
  private static final EncryptionContext SENSOR = Fixtures.SENSOR_CTX;

  static {
    try {
      GOLDEN = Golden.load();
      for (Golden.Vector v : GOLDEN.vectors) {
        if (v.keyBlock != null) {
          GOLDEN.opener.acceptSessionKey(v.keyBlock, v.context);
        }
      }
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void fuzz(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int op = data[0] & 0x07;
    byte[] input = Arrays.copyOfRange(data, 1, data.length);
    EncryptionContext ctx = (data[0] & 0x08) == 0 ? SENSOR : Fixtures.CTX;
    try {
      switch (op) {
        case 0:
        case 1:
          GOLDEN.opener.open(input, ctx);
          break;
        case 2:
          GOLDEN.opener.acceptSessionKey(input, ctx);
          break;
        case 3:
          try (InputStream in =
              GOLDEN.opener.newOpeningStream(new ByteArrayInputStream(input), ctx)) {
            in.readAllBytes();
          }
          break;
        case 4:
          KeyEncryptionKeyProvider target = GOLDEN.kek;
          GOLDEN.opener.rewrap(input, ctx, target);
          break;
        case 5:
          try {
            EncryptionContext.parse(input);
          } catch (IllegalArgumentException expected) {
            // declared: not a canonical encoding
          }
          break;
        default:
          EnvelopeOpener.keyIdOf(input);
      }
    } catch (MalformedEnvelopeException
        | TamperedEnvelopeException
        | WrongContextException
        | SubjectShreddedException
        | UnknownKeyException e) {
      // declared failures
    } catch (IOException e) {
      if (op != 3) {
        throw new AssertionError("undeclared IOException", e);
      }
    } catch (GeneralSecurityException e) {
      throw new AssertionError("undeclared GeneralSecurityException " + e.getClass(), e);
    }
  }
}

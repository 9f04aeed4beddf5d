package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.privacity.crypto.internal.FreshJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer JVM for the crash tests: started with this test class path, its fixture's keysets handed
 * over as cleartext files (test keys only), killed with SIGKILL by the test.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with {@code args}, then the key-encryption and index keyset files of {@code
   * f} written into {@code dir}.
   */
  static Process start(Path dir, VaultFixture f, Class<?> main, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(write(dir.resolve("kek.json"), f.kek).toString());
    all.add(write(dir.resolve("index.json"), f.index).toString());
    // Standard error is merged into the output the tests read; they match only their own lines.
    return FreshJvm.start(main, all.toArray(new String[0]));
  }

  private static Path write(Path file, KeysetHandle keyset) throws IOException {
    try {
      Files.writeString(
          file, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
    return file;
  }

  /** The keyset in a file written by {@link #start}. */
  static KeysetHandle read(String file) throws Exception {
    return TinkJsonProtoKeysetFormat.parseKeyset(
        Files.readString(Path.of(file)), InsecureSecretKeyAccess.get());
  }
}

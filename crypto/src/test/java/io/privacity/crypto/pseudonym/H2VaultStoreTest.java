package io.privacity.crypto.pseudonym;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The store contract on an embedded H2 file database. */
class H2VaultStoreTest extends VaultStoreContract {
  private Path dir;

  @Override
  VaultStore newStore() {
    try {
      dir = Files.createTempDirectory("vault-h2");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return VaultStore.h2(dir.resolve("vault"));
  }

  @Override
  VaultStore reopen() {
    return VaultStore.h2(dir.resolve("vault"));
  }

  @Override
  void dispose() {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

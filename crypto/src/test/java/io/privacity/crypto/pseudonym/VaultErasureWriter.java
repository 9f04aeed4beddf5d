package io.privacity.crypto.pseudonym;

import java.nio.file.Path;

/**
 * The writer JVM of {@link VaultErasureAttackTest}: fills an H2 vault, prints what exists about the
 * target subject ({@link ErasureAttack.Captured#lines()}), forgets it, prints {@code FORGOTTEN} and
 * waits to be killed (SIGKILL) with the store open. Arguments: the H2 file, then the cleartext
 * key-encryption and index keyset files (test keys only).
 */
public final class VaultErasureWriter {
  private VaultErasureWriter() {}

  /**
   * Runs the writer.
   *
   * @param args H2 file, kek keyset file, index keyset file
   * @throws Exception on any failure (the test then sees no {@code FORGOTTEN})
   */
  public static void main(String[] args) throws Exception {
    VaultFixture f = new VaultFixture(VaultStore.h2(Path.of(args[0])));
    f.kek = ChildJvm.read(args[1]);
    f.index = ChildJvm.read(args[2]);
    PseudonymVault vault = f.vault();
    ErasureAttack.Captured c = ErasureAttack.populate(vault);
    for (String line : c.lines()) {
      System.out.println(line);
    }
    vault.forget(ErasureAttack.TARGET);
    System.out.println("FORGOTTEN");
    System.out.flush();
    Thread.sleep(600_000);
  }
}

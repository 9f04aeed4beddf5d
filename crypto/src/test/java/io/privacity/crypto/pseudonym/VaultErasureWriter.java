package io.privacity.crypto.pseudonym;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The writer JVM of {@link VaultErasureAttackTest}: fills an H2 vault, prints what exists about the
 * target subject ({@link ErasureAttack.Captured#lines()}) and {@code POPULATED}, waits for a line
 * on its standard input, then forgets the target. With a step name (see {@link CrashPoints}) it
 * prints {@code PAUSED <step>} when the erasure reaches that step and stops there; with {@code
 * returned} it prints {@code FORGOTTEN} once {@code forget} has returned. Either way it then waits
 * to be killed (SIGKILL) with the store open. Arguments: the H2 file, the step, then the cleartext
 * key-encryption and index keyset files (test keys only).
 */
public final class VaultErasureWriter {
  private VaultErasureWriter() {}

  /**
   * Runs the writer.
   *
   * @param args H2 file, step, kek keyset file, index keyset file
   * @throws Exception on any failure (the test then sees no {@code FORGOTTEN} or {@code PAUSED})
   */
  public static void main(String[] args) throws Exception {
    String step = args[1];
    CrashPoints.hook =
        reached -> {
          if (reached.equals(step)) {
            System.out.println("PAUSED " + reached);
            System.out.flush();
            sleep();
          }
        };
    VaultFixture f = new VaultFixture(VaultStore.h2(Path.of(args[0])));
    f.kek = ChildJvm.read(args[2]);
    f.index = ChildJvm.read(args[3]);
    PseudonymVault vault = f.vault();
    ErasureAttack.Captured c = ErasureAttack.populate(vault);
    for (String line : c.lines()) {
      System.out.println(line);
    }
    System.out.println("POPULATED");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    vault.forget(ErasureAttack.TARGET);
    System.out.println("FORGOTTEN");
    System.out.flush();
    sleep();
  }

  private static void sleep() {
    try {
      Thread.sleep(600_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

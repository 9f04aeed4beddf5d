package io.privacity.crypto.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.privacity.crypto.envelope.SubjectKeys;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process {@link ForgetCrashTest} kills: opens the subject keys its parent prepared and forgets
 * subjects {@code c-0, c-2, c-4, …} one after the other, printing {@code forgot c-i} once each
 * forget has returned, until it is killed.
 */
public final class ForgetCrashChild {
  private ForgetCrashChild() {}

  /**
   * Forgets.
   *
   * @param args the parent's directory, and how many subjects it sealed about
   * @throws Exception on a failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int subjects = Integer.parseInt(args[1]);
    SubjectKeys keys =
        ForgetCrashTest.subjectKeys(
            Keysets.aead(
                TinkProtoKeysetFormat.parseKeyset(
                    Files.readAllBytes(dir.resolve("master.keyset")),
                    InsecureSecretKeyAccess.get())),
            dir);
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; i < subjects; i += 2) {
      keys.forget("c-" + i);
      System.out.println("forgot c-" + i);
      System.out.flush();
    }
    System.out.println("done");
  }
}

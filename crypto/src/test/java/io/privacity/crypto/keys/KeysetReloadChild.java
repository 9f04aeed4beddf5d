package io.privacity.crypto.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.prf.HkdfPrfParameters;
import io.privacity.crypto.envelope.EnvelopeOpener;
import io.privacity.crypto.envelope.SubjectKeys;
import io.privacity.crypto.envelope.WrongContextException;
import io.privacity.crypto.internal.Tink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A production restart, in a fresh JVM: parse the saved keysets with Tink's own format class before
 * any Privacity class has run (so Tink has registered nothing), then use them with the library,
 * never calling a Tink {@code Config.register}. Prints one line per check; exits non-zero on the
 * first failure.
 */
public final class KeysetReloadChild {
  private KeysetReloadChild() {}

  /**
   * Runs the checks.
   *
   * @param args the directory the parent test saved its keysets and envelopes in
   * @throws Exception on a failure
   */
  public static void main(String[] args) throws Exception {
    Path d = Path.of(args[0]);
    KeysetHandle master = parse(d.resolve("master.keyset"));
    KeysetHandle pseudonyms = parse(d.resolve("pseudonym.keyset"));
    // Tink's registry was empty: the keys are untyped legacy keys, the case to survive.
    System.out.println("legacy before: " + master.getPrimary().getKey().getClass().getSimpleName());

    Aead m = Keysets.aead(master);
    LocalKeysetKekProvider kek =
        LocalKeysetKekProvider.fromEncryptedKeyset(Files.readAllBytes(d.resolve("kek")), m);
    HpkeKeyPairs city = HpkeKeyPairs.fromEncryptedKeyset(Files.readAllBytes(d.resolve("hpke")), m);
    SubjectKeys subjects = KeysetReloadTest.subjectKeys(m, d);
    EnvelopeOpener opener =
        EnvelopeOpener.builder().keys(kek).keys(city).subjectKeys(subjects).build();
    expect(
        "subject envelope opens",
        Arrays.equals(
            KeysetReloadTest.READING,
            opener.open(Files.readAllBytes(d.resolve("kept.env")), KeysetReloadTest.about("c-1"))));
    expect(
        "sensor envelope opens",
        Arrays.equals(
            KeysetReloadTest.READING,
            opener.open(Files.readAllBytes(d.resolve("sensor.env")), KeysetReloadTest.SENSOR)));
    boolean refused;
    try {
      opener.open(Files.readAllBytes(d.resolve("gone.env")), KeysetReloadTest.about("c-2"));
      refused = false;
    } catch (WrongContextException e) {
      refused = true;
    }
    expect("forgotten subject stays forgotten", refused && subjects.isForgotten("c-2"));

    // The central helper the pseudonym package calls on every keyset it is given.
    KeysetHandle adopted = Tink.adopt(pseudonyms);
    expect(
        "adopted keyset has typed keys",
        adopted.getPrimary().getKey().getParameters() instanceof HkdfPrfParameters);
    expect(
        "pseudonym unchanged across the restart",
        KeysetReloadTest.pseudonymOf(adopted)
            .equals(Files.readString(d.resolve("pseudonym.expected"), StandardCharsets.UTF_8)));
    System.out.println("all checks passed");
  }

  static KeysetHandle parse(Path p) throws Exception {
    return TinkProtoKeysetFormat.parseKeyset(Files.readAllBytes(p), InsecureSecretKeyAccess.get());
  }

  private static void expect(String what, boolean ok) {
    System.out.println(what + ": " + (ok ? "ok" : "FAILED"));
    if (!ok) {
      System.exit(1);
    }
  }
}

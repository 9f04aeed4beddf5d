package io.privacity.crypto.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import io.privacity.crypto.keys.HpkeKeyPairs;
import io.privacity.crypto.keys.Keysets;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed golden envelopes under {@code src/test/resources/testvectors/} and the test-only
 * cleartext keysets that opened them. {@link #main} regenerates them (run once per format version;
 * never overwrite vectors of a released version).
 */
final class Golden {
  static final HexFormat HEX = HexFormat.of();
  static final String DIR = "/testvectors/";

  final LocalKeysetKekProvider kek;
  final HpkeKeyPairs hpke;
  final SubjectKeys subjects;
  final EnvelopeOpener opener;
  final List<Vector> vectors;
  final List<Vector> vectorsV2;

  /** One vector: a name, its context, payload, envelope and (for records) key block. */
  static final class Vector {
    final String name;
    final EncryptionContext context;
    final byte[] payload;
    final byte[] envelope;
    final byte[] keyBlock;

    Vector(String name, EncryptionContext ctx, byte[] payload, byte[] envelope, byte[] keyBlock) {
      this.name = name;
      this.context = ctx;
      this.payload = payload;
      this.envelope = envelope;
      this.keyBlock = keyBlock;
    }

    String line() {
      return String.join(
          " ",
          name,
          HEX.formatHex(context.canonicalEncoding()),
          name.equals("stream") ? "generated" : HEX.formatHex(payload),
          HEX.formatHex(envelope),
          keyBlock == null ? "-" : HEX.formatHex(keyBlock));
    }

    static Vector parse(String line) {
      String[] f = line.split(" ");
      return new Vector(
          f[0],
          EncryptionContext.parse(HEX.parseHex(f[1])),
          f[2].equals("generated") ? streamPayload() : HEX.parseHex(f[2]),
          HEX.parseHex(f[3]),
          f[4].equals("-") ? null : HEX.parseHex(f[4]));
    }
  }

  private Golden(
      LocalKeysetKekProvider kek,
      HpkeKeyPairs hpke,
      SubjectKeys subjects,
      List<Vector> vectors,
      List<Vector> vectorsV2) {
    this.kek = kek;
    this.hpke = hpke;
    this.subjects = subjects;
    this.vectors = vectors;
    this.vectorsV2 = vectorsV2;
    this.opener = EnvelopeOpener.builder().keys(kek).keys(hpke).subjectKeys(subjects).build();
  }

  /**
   * Loads keys and vectors from the test classpath. The subject's keyset is stored as the first
   * subject-key store did (its keyset encrypted directly under the master key, with the unkeyed
   * reference as associated data); it is imported into today's key tree, and the subject-bound
   * vector must open with it: the key schedule did not change.
   */
  static Golden load() throws Exception {
    Map<String, String> keys = readMap("keys-v1.txt");
    Aead master =
        Keysets.aead(
            TinkProtoKeysetFormat.parseKeyset(
                HEX.parseHex(keys.get("subject-master-keyset")), InsecureSecretKeyAccess.get()));
    List<Vector> vs = new ArrayList<>();
    for (String line : readLines("envelopes-v1.txt")) {
      vs.add(Vector.parse(line));
    }
    List<Vector> v2 = new ArrayList<>();
    for (String line : readLines("envelopes-v2.txt")) {
      v2.add(Vector.parse(line));
    }
    String subject =
        vs.stream()
            .filter(v -> v.name.equals("envelope-subject"))
            .findFirst()
            .orElseThrow()
            .context
            .subject()
            .orElseThrow();
    if (!legacyRef(subject).equals(keys.get("subject-ref"))) {
      throw new IllegalStateException("keys-v1.txt's subject-ref is not the vector's subject");
    }
    SubjectKeys subjects = SubjectKeys.builder().masterKey(master).build();
    subjects.importKeyset(
        subject,
        TinkProtoKeysetFormat.parseEncryptedKeyset(
            HEX.parseHex(keys.get("subject-record")),
            master,
            keys.get("subject-ref").getBytes(StandardCharsets.US_ASCII)));
    return new Golden(
        LocalKeysetKekProvider.insecureFromCleartextKeyset(HEX.parseHex(keys.get("kek-keyset"))),
        HpkeKeyPairs.insecureFromCleartextKeyset(HEX.parseHex(keys.get("hpke-keyset"))),
        subjects,
        vs,
        v2);
  }

  /** The first store's unkeyed subject reference (kept here only to read the v1 vectors). */
  static String legacyRef(String subject) throws Exception {
    return HEX.formatHex(
        MessageDigest.getInstance("SHA-256")
            .digest(("privacity/subject-ref/v1:" + subject).getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> readLines(String name) {
    try (InputStream in = Golden.class.getResourceAsStream(DIR + name)) {
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l.trim());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> readMap(String name) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String l : readLines(name)) {
      int i = l.indexOf('=');
      m.put(l.substring(0, i), l.substring(i + 1));
    }
    return m;
  }

  static byte[] streamPayload() {
    byte[] b = new byte[70_000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  static final byte[] READING = "pm2.5=12.4;no2=31".getBytes(StandardCharsets.UTF_8);

  /**
   * The self-contained envelopes of the vectors: digest and full context, empty payload,
   * subject-bound; sealed with today's sealer (format version 2 since issue 22).
   */
  static List<Vector> envelopes(LocalKeysetKekProvider kek, SubjectKeys subjects) throws Exception {
    EnvelopeSealer digest = EnvelopeSealer.builder().keys(kek).build();
    EnvelopeSealer full =
        EnvelopeSealer.builder().keys(kek).contextBinding(ContextBinding.FULL).build();
    EnvelopeSealer bound = EnvelopeSealer.builder().keys(kek).subjectKeys(subjects).build();
    EncryptionContext sctx = Fixtures.SENSOR_CTX;
    EncryptionContext cctx = Fixtures.CTX;
    List<Vector> v = new ArrayList<>();
    v.add(new Vector("envelope-digest", sctx, READING, digest.seal(READING, sctx), null));
    v.add(new Vector("envelope-full", sctx, READING, full.seal(READING, sctx), null));
    v.add(new Vector("envelope-empty", sctx, new byte[0], digest.seal(new byte[0], sctx), null));
    v.add(new Vector("envelope-subject", cctx, READING, bound.seal(READING, cctx), null));
    return v;
  }

  /**
   * Writes version-2 self-contained envelopes (issue 22), sealed under the committed v1 keys, into
   * {@code dir/envelopes-v2.txt}. Run once; never overwrite vectors of a released version.
   *
   * @param dir the testvectors directory
   */
  static void writeV2(Path dir) throws Exception {
    Golden g = load();
    List<Vector> v = envelopes(g.kek, g.subjects);
    EnvelopeSealer sensor = EnvelopeSealer.builder().keys(g.hpke.publicKeys()).build();
    v.add(
        new Vector(
            "hpke-envelope",
            Fixtures.SENSOR_CTX,
            READING,
            sensor.seal(READING, Fixtures.SENSOR_CTX),
            null));
    StringBuilder sb = new StringBuilder();
    sb.append(
        "# Envelope format v2 golden vectors (kind 1 only; keys of keys-v1.txt), hex:"
            + " name context payload envelope -\n");
    for (Vector x : v) {
      sb.append(x.line()).append('\n');
    }
    Files.writeString(dir.resolve("envelopes-v2.txt"), sb.toString());
  }

  /**
   * Regenerates the vectors into {@code args[0]} (the testvectors directory). Since issue 22 the
   * sealer writes self-contained envelopes in format version 2, so this no longer reproduces the
   * committed v1 envelopes: v1 vectors come from the code before that (never overwrite them).
   *
   * @param args the output directory
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    HpkeKeyPairs hpke = HpkeKeyPairs.generate();
    KeysetHandle masterHandle = Keysets.generateMasterKeyset();
    Aead master = Keysets.aead(masterHandle);
    SubjectKeys subjects = SubjectKeys.builder().masterKey(master).build();
    KeysetHandle subjectKeyset = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
    subjects.importKeyset(Fixtures.CTX.subject().orElseThrow(), subjectKeyset);
    EnvelopeSealer digest = EnvelopeSealer.builder().keys(kek).build();
    EnvelopeSealer sensor = EnvelopeSealer.builder().keys(hpke.publicKeys()).build();
    EncryptionContext sctx = Fixtures.SENSOR_CTX;
    byte[] reading = READING;
    List<Vector> v = envelopes(kek, subjects);
    SealingSession s = digest.newSession(sctx);
    v.add(new Vector("record-0", sctx, reading, s.seal(reading), s.keyBlock()));
    v.add(new Vector("record-1", sctx, new byte[16], s.seal(new byte[16]), s.keyBlock()));
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = digest.newSealingStream(bos, sctx)) {
      o.write(streamPayload());
    }
    v.add(new Vector("stream", sctx, streamPayload(), bos.toByteArray(), null));
    v.add(new Vector("hpke-envelope", sctx, reading, sensor.seal(reading, sctx), null));
    SealingSession hs = sensor.newSession(sctx);
    v.add(new Vector("hpke-record-0", sctx, reading, hs.seal(reading), hs.keyBlock()));
    StringBuilder sb = new StringBuilder();
    sb.append(
        "# Envelope format v1 golden vectors, hex: name context payload envelope keyBlock|-\n"
            + "# (payload 'generated': byte i is i mod 251, 70000 bytes)\n");
    for (Vector x : v) {
      sb.append(x.line()).append('\n');
    }
    Files.writeString(dir.resolve("envelopes-v1.txt"), sb.toString());
    String ref = legacyRef(Fixtures.CTX.subject().get());
    String keys =
        "# TEST-ONLY cleartext keysets (Tink binary format, hex). Never use outside tests.\n"
            + "kek-keyset="
            + HEX.formatHex(kek.insecureExportCleartextKeyset())
            + "\nhpke-keyset="
            + HEX.formatHex(hpke.insecureExportCleartextKeyset())
            + "\nsubject-master-keyset="
            + HEX.formatHex(
                TinkProtoKeysetFormat.serializeKeyset(masterHandle, InsecureSecretKeyAccess.get()))
            + "\nsubject-ref="
            + ref
            + "\nsubject-record="
            + HEX.formatHex(
                TinkProtoKeysetFormat.serializeEncryptedKeyset(
                    subjectKeyset, master, ref.getBytes(StandardCharsets.US_ASCII)))
            + "\n";
    Files.writeString(dir.resolve("keys-v1.txt"), keys);
  }
}

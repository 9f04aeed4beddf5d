package io.privacity.bench;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.privacity.crypto.envelope.EncryptionContext;
import io.privacity.crypto.envelope.EnvelopeOpener;
import io.privacity.crypto.envelope.EnvelopeSealer;
import io.privacity.crypto.envelope.SealingSession;
import io.privacity.crypto.envelope.SessionLimits;
import io.privacity.crypto.envelope.SubjectKeys;
import io.privacity.crypto.keys.Keysets;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Envelopes (issue 6) against raw Tink AES-256-GCM on the same payloads and against the AWS
 * Encryption SDK with a raw AES keyring, one thread.
 *
 * <p>What is measured: {@code sessionSeal}/{@code sessionOpen} (data-key session records: one data
 * key per session, counter nonces, commitment checked once per session), {@code
 * envelopeSeal}/{@code envelopeOpen} (self-contained envelopes: a fresh data key, HKDF and key wrap
 * per message), {@code baselineTinkAesGcm*} (a Tink {@code Aead} from an AES-256-GCM keyset, no
 * header, no context), {@code baselineTinkKmsEnvelopeEncrypt} (Tink's {@code KmsEnvelopeAead}, a
 * fresh AES-256-GCM data key per message wrapped by a local AES-256-GCM KEK: the peer of {@code
 * envelopeSeal}, issue 22; it neither commits to the key nor binds a context) and {@code
 * baselineAws*} (AWS SDK default committing suite with ECDSA signatures, raw AES-256-GCM keyring,
 * encryption context of the same four entries; the SDK's recommended configuration); with {@code -p
 * subjectKeys=true}, the same with per-subject keys; {@code forget} (crypto-shredding one subject
 * among 10^5, beside the logical delete it replaced). Targets in {@code bench/targets.tsv}: session
 * mode at least 0.5× raw Tink at every size and 0.9× at 1 MiB ({@code *Bulk}); at least 10× AWS at
 * 64 B ({@code *Reading}); self-contained envelopes at least 0.8× Tink's {@code KmsEnvelopeAead}
 * (issue 22).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeBenchmark {
  static final EncryptionContext CONTEXT =
      EncryptionContext.of(
          "subject", "sensor-aq-17", "purpose", "air-quality", "sensor", "aq-17", "city", "lyon");
  private static final byte[] EMPTY = new byte[0];

  /** Keys and one sealed payload of each kind for a given size. */
  public abstract static class Keys {
    EnvelopeSealer sealer;
    EnvelopeOpener opener;
    SealingSession session;
    Aead tink;
    Aead tinkKmsEnvelope;
    byte[] payload;
    byte[] record;
    byte[] envelope;
    byte[] tinkCiphertext;

    void init(int size, boolean subjectKeys) throws GeneralSecurityException {
      AeadConfig.register();
      LocalKeysetKekProvider keys = LocalKeysetKekProvider.generate();
      SubjectKeys subjects =
          subjectKeys
              ? SubjectKeys.builder()
                  .masterKey(Keysets.aead(Keysets.generateMasterKeyset()))
                  .build()
              : null;
      EnvelopeSealer.Builder sb = EnvelopeSealer.builder().keys(keys);
      EnvelopeOpener.Builder ob = EnvelopeOpener.builder().keys(keys);
      if (subjects != null) {
        sb.subjectKeys(subjects);
        ob.subjectKeys(subjects);
      }
      sealer =
          sb.sessionLimits(
                  SessionLimits.of(
                      SessionLimits.MESSAGES_CEILING,
                      SessionLimits.BYTES_CEILING,
                      SessionLimits.AGE_CEILING))
              .build();
      opener = ob.build();
      tink =
          KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
              .getPrimitive(RegistryConfiguration.get(), Aead.class);
      // Tink's envelope encryption with a local KEK (an AES-256-GCM keyset in memory standing in
      // for the KMS): a fresh AES-256-GCM data key per message, wrapped by the KEK.
      Aead kek =
          KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
              .getPrimitive(RegistryConfiguration.get(), Aead.class);
      tinkKmsEnvelope =
          KmsEnvelopeAead.create(
              AesGcmParameters.builder()
                  .setKeySizeBytes(32)
                  .setIvSizeBytes(12)
                  .setTagSizeBytes(16)
                  .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                  .build(),
              kek);
      payload = new byte[size];
      new SecureRandom().nextBytes(payload);
      session = sealer.newSession(CONTEXT);
      opener.acceptSessionKey(session.keyBlock(), CONTEXT);
      record = session.seal(payload);
      envelope = sealer.seal(payload, CONTEXT);
      tinkCiphertext = tink.encrypt(payload, EMPTY);
    }

    byte[] sessionSeal() throws GeneralSecurityException {
      try {
        return session.seal(payload);
      } catch (IllegalStateException exhausted) {
        // 2^36 bytes per session can run out at 1 MiB in a long run: start a new session, as a
        // producer would.
        session = sealer.newSession(CONTEXT);
        return session.seal(payload);
      }
    }
  }

  /** Every payload size. */
  @State(Scope.Thread)
  public static class Payload extends Keys {
    /** Payload size in bytes. */
    @Param({"64", "1024", "65536", "1048576"})
    public int size;

    /**
     * Whether the context's subject gets a per-subject key ({@link SubjectKeys}, in memory, the key
     * cached): off by default; {@code -p subjectKeys=true} measures what per-subject keys add (an
     * HKDF input and the read lock that keeps {@code forget} from zeroing the key mid-use; a
     * forgotten-subject check per session record).
     */
    @Param({"false"})
    public boolean subjectKeys;

    /**
     * Creates keys and sealed samples.
     *
     * @throws GeneralSecurityException if Tink fails
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
      init(size, subjectKeys);
    }
  }

  /** A 1 MiB payload, for the 0.9× target at large sizes. */
  @State(Scope.Thread)
  public static class Bulk extends Keys {
    /** Payload size in bytes. */
    @Param({"1048576"})
    public int size;

    /**
     * Creates keys and sealed samples.
     *
     * @throws GeneralSecurityException if Tink fails
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
      init(size, false);
    }
  }

  /**
   * Crypto-shredding cost (issue 15): {@code SubjectKeys} with the in-memory store and slot and the
   * default 1,024 buckets, holding {@code subjects} subjects. Each measured call forgets one
   * subject that exists (added, outside the measurement, by the per-invocation set-up): it deletes
   * the record, rewraps the ~{@code subjects}/1,024 other records of its bucket under a fresh
   * bucket key and writes the slot's 72 KiB table twice.
   */
  @State(Scope.Thread)
  public static class Forget {
    /** Subjects held. */
    @Param({"100000"})
    public int subjects;

    SubjectKeys keys;
    EnvelopeSealer sealer;
    int next;
    String victim;

    /**
     * Creates the subjects (one envelope each creates its key).
     *
     * @throws GeneralSecurityException if Tink fails
     */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      keys = SubjectKeys.builder().masterKey(Keysets.aead(Keysets.generateMasterKeyset())).build();
      sealer =
          EnvelopeSealer.builder()
              .keys(LocalKeysetKekProvider.generate())
              .subjectKeys(keys)
              .build();
      for (next = 0; next < subjects; next++) {
        sealer.seal(EMPTY, EncryptionContext.of("subject", "citizen-" + next));
      }
    }

    /**
     * Adds the subject the next call forgets, so that the count stays at {@code subjects}.
     *
     * @throws GeneralSecurityException if Tink fails
     */
    @Setup(Level.Invocation)
    public void addVictim() throws GeneralSecurityException {
      victim = "citizen-" + next;
      sealer.seal(EMPTY, EncryptionContext.of("subject", victim));
      next++;
    }
  }

  /**
   * The baseline of {@code forget}: a store of {@code subjects} records of the same size, from
   * which each measured call deletes one (added by the per-invocation set-up).
   */
  @State(Scope.Thread)
  public static class Delete {
    /** Records held. */
    @Param({"100000"})
    public int subjects;

    SubjectKeyStore store;
    int next;
    String victim;

    /** Fills the store. */
    @Setup(Level.Trial)
    public void setUp() {
      store = SubjectKeyStore.inMemory();
      for (next = 0; next < subjects; next++) {
        store.putIfAbsent(Integer.toString(next), next % 1024, new byte[113]);
      }
    }

    /** Adds the record the next call deletes. */
    @Setup(Level.Invocation)
    public void addVictim() {
      victim = Integer.toString(next);
      store.putIfAbsent(victim, next % 1024, new byte[113]);
      next++;
    }
  }

  /** A 64-byte sensor reading, for the comparison with the AWS Encryption SDK. */
  @State(Scope.Thread)
  public static class Reading {
    /** Payload size in bytes. */
    @Param({"64"})
    public int size;

    AwsCrypto aws;
    IKeyring keyring;
    Map<String, String> awsContext;
    byte[] awsCiphertext;
    byte[] payload;

    /** Creates the AWS raw AES keyring and a sealed sample. */
    @Setup
    public void setUp() {
      payload = new byte[size];
      new SecureRandom().nextBytes(payload);
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      MaterialProviders mpl =
          MaterialProviders.builder()
              .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
              .build();
      keyring =
          mpl.CreateRawAesKeyring(
              CreateRawAesKeyringInput.builder()
                  .keyNamespace("privacity-bench")
                  .keyName("kek-1")
                  .wrappingKey(ByteBuffer.wrap(key))
                  .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                  .build());
      aws =
          AwsCrypto.builder()
              .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
              .build();
      awsContext = CONTEXT.entries();
      awsCiphertext = aws.encryptData(keyring, payload, awsContext).getResult();
    }
  }

  /**
   * Session record, all sizes.
   *
   * @param s state
   * @return the record
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] sessionSeal(Payload s) throws GeneralSecurityException {
    return s.sessionSeal();
  }

  /**
   * Opening a session record, all sizes.
   *
   * @param s state
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] sessionOpen(Payload s) throws GeneralSecurityException {
    return s.opener.open(s.record, CONTEXT);
  }

  /**
   * Self-contained envelope (fresh data key, HKDF, key wrap), all sizes.
   *
   * @param s state
   * @return the envelope
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] envelopeSeal(Payload s) throws GeneralSecurityException {
    return s.sealer.seal(s.payload, CONTEXT);
  }

  /**
   * Opening a self-contained envelope (unwrap, HKDF, commitment, decrypt), all sizes.
   *
   * @param s state
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] envelopeOpen(Payload s) throws GeneralSecurityException {
    return s.opener.open(s.envelope, CONTEXT);
  }

  /**
   * Forgetting one subject among {@code subjects} (key-tree rotation of its bucket).
   *
   * @param s state
   * @return whether a key was destroyed (always)
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean forget(Forget s) throws GeneralSecurityException {
    return s.keys.forget(s.victim);
  }

  /**
   * Baseline for {@code forget}: deleting the subject's record from a store of the same size, the
   * merely logical erasure of a store that keeps copies (what forgetting did before the key tree).
   *
   * @param s state
   * @return whether a record was deleted (always)
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean baselineStoreDelete(Delete s) {
    return s.store.delete(s.victim);
  }

  /**
   * Baseline: raw Tink AES-256-GCM encryption of the same payload.
   *
   * @param s state
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] baselineTinkAesGcmEncrypt(Payload s) throws GeneralSecurityException {
    return s.tink.encrypt(s.payload, EMPTY);
  }

  /**
   * Baseline: raw Tink AES-256-GCM decryption.
   *
   * @param s state
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] baselineTinkAesGcmDecrypt(Payload s) throws GeneralSecurityException {
    return s.tink.decrypt(s.tinkCiphertext, EMPTY);
  }

  /**
   * Baseline: Tink's {@code KmsEnvelopeAead} with a local AES-256-GCM KEK: a fresh data key per
   * message, like {@link #envelopeSeal}, but without key commitment or a bound context (issue 22).
   *
   * @param s state
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] baselineTinkKmsEnvelopeEncrypt(Payload s) throws GeneralSecurityException {
    return s.tinkKmsEnvelope.encrypt(s.payload, EMPTY);
  }

  /**
   * Baseline: raw Tink AES-256-GCM on 1 MiB.
   *
   * @param s state
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] baselineTinkAesGcmEncryptBulk(Bulk s) throws GeneralSecurityException {
    return s.tink.encrypt(s.payload, EMPTY);
  }

  /**
   * Baseline: AWS Encryption SDK, raw AES keyring, encrypt a 64-byte reading.
   *
   * @param s state
   * @return the message
   */
  @Benchmark
  public byte[] baselineAwsEncrypt(Reading s) {
    return s.aws.encryptData(s.keyring, s.payload, s.awsContext).getResult();
  }

  /**
   * Baseline: AWS Encryption SDK, raw AES keyring, decrypt a 64-byte reading.
   *
   * @param s state
   * @return the plaintext
   */
  @Benchmark
  public byte[] baselineAwsDecrypt(Reading s) {
    return s.aws.decryptData(s.keyring, s.awsCiphertext, s.awsContext).getResult();
  }
}

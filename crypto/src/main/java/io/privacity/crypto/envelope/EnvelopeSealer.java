package io.privacity.crypto.envelope;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.Random;
import io.privacity.crypto.internal.Unchecked;
import io.privacity.crypto.keys.KeyEncryptionKeyProvider;
import io.privacity.crypto.keys.WrappingKey;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;

/**
 * Seals plaintexts into envelopes: encrypted, bound to an {@link EncryptionContext}, with a
 * versioned header naming the key-encryption key and a key commitment. The format is specified in
 * {@code crypto/ENVELOPE_FORMAT.md}.
 *
 * <p><b>Security guarantees.</b> Each envelope (or session, or stream) gets a fresh data key (192
 * bits for an envelope, 256 for a session or stream) from Tink's CSPRNG, wrapped under the
 * provider's current key-encryption key with the header and the full context as associated data.
 * The payload key and a 256-bit key commitment are derived from the data key (and the subject's
 * key, if {@link SubjectKeys} are configured and the context names a subject) with HKDF-SHA256; the
 * payload is AES-256-GCM with the header, the commitment and the context's SHA-256 as associated
 * data. Hence: confidentiality and integrity of the payload; integrity (not confidentiality) of the
 * context and header; an envelope opens under exactly one data key (commitment), and only with the
 * context it was sealed with. Not provided: hiding the payload's length, or a guessable context
 * when {@link ContextBinding#FULL} or even {@link ContextBinding#DIGEST} is used; replay protection
 * (the same envelope opens twice).
 *
 * <p>Modes: {@link #seal} (one self-contained envelope), {@link #newSession} (one data key for many
 * small messages, within {@link SessionLimits}) and {@link #newSealingStream} (large payloads
 * through Tink's streaming AEAD).
 *
 * <p>Cryptography is Tink's: the key-encryption key's {@code Aead} or {@code HybridEncrypt}, {@code
 * subtle.Hkdf} for the key schedule of sessions and streams, {@code
 * aead.internal.InsecureNonceAesGcmJce} for session records (it takes the nonce from the caller,
 * which session mode needs for counter nonces; the "insecure" in its name warns that the caller
 * must never repeat a nonce under a key, which we guarantee: a counter per session key), and {@code
 * subtle.AesGcmHkdfStreaming} for streams. Self-contained envelopes are format version 2 (issue
 * 22): a 24-byte data key, HKDF-SHA256 and AES-256-GCM on JCA through Tink's {@code EngineFactory},
 * with a constant nonce because each payload key encrypts one message; 116 bytes of overhead with a
 * local key (see {@code crypto/ENVELOPE_FORMAT.md}).
 *
 * <p>Thread-safe and immutable once built.
 */
public final class EnvelopeSealer {
  // Sealing fails only when a key is unavailable (a KMS refuses or is unreachable, a subject key
  // record no longer opens): no foreign data to handle, so it is unchecked (CONTRIBUTING).
  private static final String SEAL_FAILED = "cannot seal";

  private final KeyEncryptionKeyProvider keys;
  private final SubjectKeys subjectKeys;
  private final ContextBinding binding;
  private final SessionLimits limits;
  private final Clock clock;

  private EnvelopeSealer(Builder b) {
    this.keys = b.keys;
    this.subjectKeys = b.subjectKeys;
    this.binding = b.binding;
    this.limits = b.limits;
    this.clock = b.clock;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Seals one plaintext into a self-contained envelope.
   *
   * @param plaintext the payload, 0 bytes or more
   * @param context what the payload is about and what it may be used for
   * @return the envelope
   * @throws SubjectShreddedException if the context names a forgotten subject
   * @throws IllegalStateException if the key-encryption key cannot wrap (e.g. a KMS refuses) or the
   *     subject's key record does not open; the cause is the underlying exception
   * @throws IllegalArgumentException if an argument is null, the context's canonical encoding
   *     exceeds 65,535 bytes with {@link ContextBinding#FULL}, or its subject is blank while
   *     subject keys are configured
   */
  public byte[] seal(byte[] plaintext, EncryptionContext context) {
    return Unchecked.call(SEAL_FAILED, () -> sealChecked(plaintext, context));
  }

  private byte[] sealChecked(byte[] plaintext, EncryptionContext context)
      throws GeneralSecurityException {
    requireNonNull("plaintext", plaintext);
    Keyed k = newKey(Format.VERSION_2, Format.KIND_ENVELOPE, Format.PAYLOAD_GCM, context, binding);
    try {
      // Version 2: the payload key encrypts this one message, so the nonce is a constant.
      return SingleUseGcm.seal(k.okm, k.header, plaintext, k.payloadAd(Format.KIND_ENVELOPE));
    } finally {
      k.destroy();
    }
  }

  /**
   * Starts a data-key session: one data key for many messages with the same context, within this
   * sealer's {@link SessionLimits}. Send {@link SealingSession#keyBlock()} to the opener once (e.g.
   * with the first message); each record then costs 74 bytes of overhead.
   *
   * @param context the context of every message in the session
   * @return the session
   * @throws SubjectShreddedException if the context names a forgotten subject
   * @throws IllegalStateException if the key-encryption key cannot wrap
   * @throws IllegalArgumentException if {@code context} is null, or its canonical encoding exceeds
   *     65,535 bytes with {@link ContextBinding#FULL}
   */
  public SealingSession newSession(EncryptionContext context) {
    return Unchecked.call(SEAL_FAILED, () -> newSessionChecked(context));
  }

  private SealingSession newSessionChecked(EncryptionContext context)
      throws GeneralSecurityException {
    Keyed k = newKey(Format.VERSION, Format.KIND_KEY_BLOCK, Format.PAYLOAD_GCM, context, binding);
    try {
      return new SealingSession(
          k.header,
          k.suite,
          k.flags,
          context,
          Arrays.copyOf(k.okm, Format.KEY_LEN),
          k.commitment(),
          limits,
          clock,
          k.subject);
    } finally {
      k.destroy();
    }
  }

  /**
   * Starts a streaming envelope: writes the header to {@code out} and returns a stream that
   * encrypts what is written to it (Tink AES-256-GCM-HKDF streaming AEAD, 64 KiB segments, each
   * authenticated, the last one marked so truncation is detected). Close the returned stream to
   * finish the envelope.
   *
   * @param out where the envelope goes
   * @param context what the payload is about and what it may be used for
   * @return the plaintext sink
   * @throws SubjectShreddedException if the context names a forgotten subject
   * @throws IllegalStateException if the key-encryption key cannot wrap
   * @throws IOException if writing the header fails
   * @throws IllegalArgumentException if an argument is null, or the context's canonical encoding
   *     exceeds 65,535 bytes with {@link ContextBinding#FULL}
   */
  public OutputStream newSealingStream(OutputStream out, EncryptionContext context)
      throws IOException {
    try {
      return newSealingStreamChecked(out, context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(SEAL_FAILED + ": " + e.getMessage(), e);
    }
  }

  private OutputStream newSealingStreamChecked(OutputStream out, EncryptionContext context)
      throws GeneralSecurityException, IOException {
    requireNonNull("out", out);
    Keyed k = newKey(Format.VERSION, Format.KIND_STREAM, Format.PAYLOAD_STREAM, context, binding);
    try {
      AesGcmHkdfStreaming s =
          new AesGcmHkdfStreaming(
              Arrays.copyOf(k.okm, Format.KEY_LEN),
              "HmacSha256",
              Format.KEY_LEN,
              Format.STREAM_SEGMENT,
              0);
      out.write(k.header);
      return ErasureGuard.sealing(
          s.newEncryptingStream(out, k.payloadAd(Format.KIND_STREAM)), k.subject);
    } finally {
      k.destroy();
    }
  }

  @Override
  public String toString() {
    return "EnvelopeSealer{keys=" + keys + ", binding=" + binding + ", limits=" + limits + "}";
  }

  private Keyed newKey(
      int version, int kind, int payload, EncryptionContext ctx, ContextBinding bind)
      throws GeneralSecurityException {
    requireNonNull("context", ctx);
    if (bind == ContextBinding.FULL && ctx.canonicalUnsafe().length > Format.MAX_FULL_CONTEXT) {
      throw new IllegalArgumentException(
          "context's canonical encoding must be at most "
              + Format.MAX_FULL_CONTEXT
              + " bytes with ContextBinding.FULL, got "
              + ctx.canonicalUnsafe().length
              + "; use ContextBinding.DIGEST");
    }
    WrappingKey wk = keys.current();
    String kekId = wk.id();
    Format.checkKekId(kekId);
    int suite = Format.suite(payload, keys.scheme());
    int flags = bind == ContextBinding.FULL ? Format.FLAG_FULL_CONTEXT : 0;
    SubjectState subject = null;
    if (subjectKeys != null && ctx.subject().isPresent()) {
      flags |= Format.FLAG_SUBJECT;
      subject = subjectKeys.forSealing(ctx.subject().get());
    }
    byte[] dek = Random.randBytes(Format.dataKeyLength(version));
    try {
      byte[] okm;
      if (subject == null) {
        okm = Format.derive(version, dek, null, kind, suite, flags, ctx);
      } else {
        // The secret is used under its read lock: forget cannot zero it meanwhile, and once
        // forget has run it is gone (acquire returns null) — never a zeroed secret.
        byte[] secret = subject.acquire();
        if (secret == null) {
          throw SubjectKeys.shredded();
        }
        try {
          okm = Format.derive(version, dek, secret, kind, suite, flags, ctx);
        } finally {
          subject.release();
        }
      }
      byte[] wrapped = wk.wrap(dek, Format.keyAd(version, kind, suite, flags, kekId, ctx));
      if (wrapped.length < 1 || wrapped.length > Format.MAX_WRAPPED_LEN) {
        throw new GeneralSecurityException(
            "wrapped key must be 1 to " + Format.MAX_WRAPPED_LEN + " bytes, got " + wrapped.length);
      }
      byte[] commitment = Arrays.copyOfRange(okm, Format.KEY_LEN, Format.KEY_LEN * 2);
      byte[] header =
          Format.writeHeader(version, kind, suite, flags, kekId, wrapped, ctx, commitment);
      return new Keyed(version, header, suite, flags, ctx, okm, subject);
    } finally {
      Arrays.fill(dek, (byte) 0);
    }
  }

  static void requireNonNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be non-null, got null");
    }
  }

  /** A fresh header and derived key material. */
  private static final class Keyed {
    final int version;
    final byte[] header;
    final int suite;
    final int flags;
    final EncryptionContext ctx;
    final byte[] okm;
    final SubjectState subject;

    Keyed(
        int version,
        byte[] header,
        int suite,
        int flags,
        EncryptionContext ctx,
        byte[] okm,
        SubjectState subject) {
      this.version = version;
      this.header = header;
      this.suite = suite;
      this.flags = flags;
      this.ctx = ctx;
      this.okm = okm;
      this.subject = subject;
    }

    byte[] commitment() {
      return Arrays.copyOfRange(okm, Format.KEY_LEN, Format.KEY_LEN + Format.COMMITMENT_LEN);
    }

    byte[] payloadAd(int kind) {
      return Format.payloadAd(version, kind, suite, flags, commitment(), ctx);
    }

    void destroy() {
      Arrays.fill(okm, (byte) 0);
    }
  }

  /** Builds an {@link EnvelopeSealer}. Not thread-safe. */
  public static final class Builder {
    private KeyEncryptionKeyProvider keys;
    private SubjectKeys subjectKeys;
    private ContextBinding binding = ContextBinding.DIGEST;
    private SessionLimits limits = SessionLimits.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the key-encryption keys (required).
     *
     * @param keys the provider, e.g. {@link io.privacity.crypto.keys.HpkePublicKeys} on a sensor
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder keys(KeyEncryptionKeyProvider keys) {
      requireNonNull("keys", keys);
      this.keys = keys;
      return this;
    }

    /**
     * Enables per-subject keys: envelopes whose context names a subject become unreadable once the
     * subject is forgotten (optional; off by default).
     *
     * @param subjectKeys the subject keys
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder subjectKeys(SubjectKeys subjectKeys) {
      requireNonNull("subjectKeys", subjectKeys);
      this.subjectKeys = subjectKeys;
      return this;
    }

    /**
     * Sets how the header carries the context (default {@link ContextBinding#DIGEST}). Session
     * records always carry the digest.
     *
     * @param binding the binding
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder contextBinding(ContextBinding binding) {
      requireNonNull("binding", binding);
      this.binding = binding;
      return this;
    }

    /**
     * Sets data-key session limits (default {@link SessionLimits#defaults()}).
     *
     * @param limits the limits
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder sessionLimits(SessionLimits limits) {
      requireNonNull("limits", limits);
      this.limits = limits;
      return this;
    }

    /**
     * Sets the clock for session ages (default the UTC system clock; tests use a fixed clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock clock) {
      requireNonNull("clock", clock);
      this.clock = clock;
      return this;
    }

    /**
     * Builds the sealer.
     *
     * @return the sealer
     * @throws IllegalStateException if {@link #keys} was not set
     */
    public EnvelopeSealer build() {
      if (keys == null) {
        throw new IllegalStateException("keys must be set before build()");
      }
      return new EnvelopeSealer(this);
    }
  }
}

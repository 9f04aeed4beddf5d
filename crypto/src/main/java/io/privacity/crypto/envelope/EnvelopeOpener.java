package io.privacity.crypto.envelope;

import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import io.privacity.crypto.keys.KeyEncryptionKeyProvider;
import io.privacity.crypto.keys.UnknownKeyException;
import io.privacity.crypto.keys.WrapScheme;
import io.privacity.crypto.keys.WrappingKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Opens envelopes sealed by {@link EnvelopeSealer}, and rewraps them under a new key-encryption
 * key.
 *
 * <p>Opening checks, in order: structure (else {@link MalformedEnvelopeException}), the context
 * (else {@link WrongContextException}), the subject's key (else {@link SubjectShreddedException}),
 * the key id (else {@link UnknownKeyException}), the wrapped data key and the key commitment, then
 * the payload's tag (else {@link TamperedEnvelopeException}). The plaintext is returned only after
 * the whole payload verified; on any failure nothing is returned.
 *
 * <p>Session records are opened with the session key registered from their key block by {@link
 * #acceptSessionKey}; the opener keeps up to {@code maxSessions} session keys (the earliest
 * accepted are evicted first, and their records then fail with {@link UnknownKeyException} until
 * the key block is accepted again).
 *
 * <p><b>Fail closed on erasure.</b> If {@link SubjectKeys} are configured, an envelope whose
 * context names a forgotten subject is refused with {@link SubjectShreddedException} even if it was
 * sealed without subject binding (e.g. by a sensor holding only a public key) — a policy check;
 * only subject-bound envelopes are cryptographically unreadable after erasure.
 *
 * <p>Thread-safe.
 */
public final class EnvelopeOpener {
  private final List<KeyEncryptionKeyProvider> providers;
  private final SubjectKeys subjectKeys;
  private final Map<ByteBuffer, SessionKey> sessions = new ConcurrentHashMap<>();
  private final Queue<ByteBuffer> sessionOrder = new ConcurrentLinkedQueue<>();
  private final int maxSessions;

  private EnvelopeOpener(Builder b) {
    this.providers = List.copyOf(b.providers);
    this.subjectKeys = b.subjectKeys;
    this.maxSessions = b.maxSessions;
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
   * Opens a self-contained envelope or a session record.
   *
   * @param envelope the envelope or record
   * @param expected the context it must have been sealed with
   * @return the plaintext
   * @throws MalformedEnvelopeException if the bytes do not parse
   * @throws WrongContextException if it was sealed under another context
   * @throws SubjectShreddedException if its subject was forgotten
   * @throws UnknownKeyException if its key, or its session's key block, is not held
   * @throws TamperedEnvelopeException if it does not authenticate
   * @throws GeneralSecurityException if a key provider fails otherwise
   * @throws IllegalArgumentException if an argument is null
   */
  public byte[] open(byte[] envelope, EncryptionContext expected) throws GeneralSecurityException {
    EnvelopeSealer.requireNonNull("envelope", envelope);
    EnvelopeSealer.requireNonNull("expected", expected);
    if (envelope.length > 3 && envelope[3] == Format.KIND_RECORD) {
      return openRecord(envelope, expected);
    }
    ByteReader r = new ByteReader(envelope);
    Format.Header h = Format.parseHeader(r, kindOf(envelope, Format.KIND_ENVELOPE));
    if (h.kind != Format.KIND_ENVELOPE) {
      throw new MalformedEnvelopeException(
          "envelope kind "
              + h.kind
              + " cannot be opened here: pass a key block to"
              + " acceptSessionKey, a streaming envelope to newOpeningStream");
    }
    if (r.remaining() < Format.NONCE_LEN + Format.TAG_LEN) {
      throw new MalformedEnvelopeException("envelope is truncated");
    }
    byte[] okm = unlock(h, expected);
    try {
      byte[] nonce = Arrays.copyOfRange(envelope, h.end, h.end + Format.NONCE_LEN);
      byte[] ad = Format.payloadAd(Format.KIND_ENVELOPE, h.suite, h.flags, h.commitment, expected);
      return new InsecureNonceAesGcmJce(Arrays.copyOf(okm, Format.KEY_LEN))
          .decrypt(nonce, envelope, h.end + Format.NONCE_LEN, ad);
    } catch (GeneralSecurityException e) {
      throw tampered();
    } finally {
      Arrays.fill(okm, (byte) 0);
    }
  }

  /**
   * Verifies a session's key block and keeps its key for the session's records. Every call verifies
   * the block in full (unwrap and key commitment), also for a session already held.
   *
   * @param keyBlock the block from {@link SealingSession#keyBlock()}
   * @param expected the session's context
   * @throws MalformedEnvelopeException if the bytes are not a key block
   * @throws WrongContextException if it was sealed under another context
   * @throws SubjectShreddedException if its subject was forgotten
   * @throws UnknownKeyException if its key-encryption key is not held
   * @throws TamperedEnvelopeException if it does not authenticate
   * @throws GeneralSecurityException if a key provider fails otherwise
   * @throws IllegalArgumentException if an argument is null
   */
  public void acceptSessionKey(byte[] keyBlock, EncryptionContext expected)
      throws GeneralSecurityException {
    EnvelopeSealer.requireNonNull("keyBlock", keyBlock);
    EnvelopeSealer.requireNonNull("expected", expected);
    ByteReader r = new ByteReader(keyBlock);
    Format.Header h = Format.parseHeader(r, Format.KIND_KEY_BLOCK);
    if (r.remaining() != 0) {
      throw new MalformedEnvelopeException("key block has trailing bytes");
    }
    ByteBuffer id = ByteBuffer.wrap(h.commitment);
    Format.checkContext(h, expected);
    checkErasure(expected);
    // Verified every time, also for a session already held: a forged block that reuses a known
    // commitment, or one whose key-encryption key was retired since, must not pass as accepted.
    byte[] okm = unlock(h, expected);
    try {
      int flags = h.flags & Format.FLAG_SUBJECT;
      SessionKey fresh =
          new SessionKey(
              new InsecureNonceAesGcmJce(Arrays.copyOf(okm, Format.KEY_LEN)),
              expected,
              h.suite,
              flags,
              Format.payloadAd(Format.KIND_RECORD, h.suite, flags, h.commitment, expected));
      if (sessions.put(id, fresh) == null) {
        sessionOrder.add(id);
        while (sessions.size() > maxSessions) {
          ByteBuffer oldest = sessionOrder.poll();
          if (oldest == null) {
            break;
          }
          sessions.remove(oldest);
        }
      }
    } finally {
      Arrays.fill(okm, (byte) 0);
    }
  }

  /**
   * Opens a streaming envelope: reads and verifies the header from {@code in}, and returns a stream
   * of the plaintext. Each 64 KiB segment is verified before any of its bytes are returned; a
   * modified, reordered or truncated segment makes the read fail with an {@link IOException}.
   * <b>Warning:</b> segments before a failing one have already been returned — inherent to
   * streaming; buffer the plaintext if it must be all-or-nothing.
   *
   * @param in the envelope
   * @param expected the context it must have been sealed with
   * @return the plaintext stream
   * @throws MalformedEnvelopeException if the header does not parse
   * @throws WrongContextException if it was sealed under another context
   * @throws SubjectShreddedException if its subject was forgotten
   * @throws UnknownKeyException if its key is not held
   * @throws TamperedEnvelopeException if the header does not authenticate
   * @throws GeneralSecurityException if a key provider fails otherwise
   * @throws IllegalArgumentException if an argument is null
   */
  public InputStream newOpeningStream(InputStream in, EncryptionContext expected)
      throws GeneralSecurityException {
    EnvelopeSealer.requireNonNull("in", in);
    EnvelopeSealer.requireNonNull("expected", expected);
    Format.Header h = Format.parseHeader(new ByteReader(in), Format.KIND_STREAM);
    byte[] okm = unlock(h, expected);
    try {
      AesGcmHkdfStreaming s =
          new AesGcmHkdfStreaming(
              Arrays.copyOf(okm, Format.KEY_LEN),
              "HmacSha256",
              Format.KEY_LEN,
              Format.STREAM_SEGMENT,
              0);
      return s.newDecryptingStream(
          in, Format.payloadAd(Format.KIND_STREAM, h.suite, h.flags, h.commitment, expected));
    } catch (IOException e) {
      throw tampered();
    } finally {
      Arrays.fill(okm, (byte) 0);
    }
  }

  /**
   * Moves an envelope, key block or streaming envelope to {@code target}'s current key-encryption
   * key without touching its payload: the data key is unwrapped (with this opener's keys), its
   * commitment verified, and wrapped again; the payload bytes are copied unchanged. Records of a
   * session stay valid when their key block is rewrapped.
   *
   * @param envelope an envelope, key block or complete streaming envelope
   * @param expected the context it was sealed with
   * @param target the provider whose current key wraps the data key from now on
   * @return the rewrapped envelope
   * @throws MalformedEnvelopeException if the bytes do not parse
   * @throws WrongContextException if it was sealed under another context
   * @throws SubjectShreddedException if its subject was forgotten
   * @throws UnknownKeyException if its current key is not held
   * @throws TamperedEnvelopeException if the wrapped key or commitment does not authenticate
   * @throws GeneralSecurityException if a key provider fails otherwise
   * @throws IllegalArgumentException if an argument is null
   */
  public byte[] rewrap(byte[] envelope, EncryptionContext expected, KeyEncryptionKeyProvider target)
      throws GeneralSecurityException {
    EnvelopeSealer.requireNonNull("envelope", envelope);
    EnvelopeSealer.requireNonNull("expected", expected);
    EnvelopeSealer.requireNonNull("target", target);
    int kind = kindOf(envelope, Format.KIND_ENVELOPE);
    if (kind == Format.KIND_RECORD) {
      throw new MalformedEnvelopeException(
          "a session record has no wrapped key; rewrap its session's key block");
    }
    ByteReader r = new ByteReader(envelope);
    Format.Header h = Format.parseHeader(r, kind);
    if (kind == Format.KIND_ENVELOPE && r.remaining() < Format.NONCE_LEN + Format.TAG_LEN) {
      throw new MalformedEnvelopeException("envelope is truncated");
    }
    if (kind == Format.KIND_KEY_BLOCK && r.remaining() != 0) {
      throw new MalformedEnvelopeException("key block has trailing bytes");
    }
    byte[][] both = unwrapAndVerify(h, expected);
    Arrays.fill(both[1], (byte) 0);
    byte[] dek = both[0];
    try {
      WrappingKey wk = target.current();
      String kekId = wk.id();
      Format.checkKekId(kekId);
      int suite = (h.suite & 0xF0) | target.scheme().code();
      byte[] wrapped = wk.wrap(dek, Format.keyAd(h.kind, suite, h.flags, kekId, expected));
      byte[] header =
          Format.writeHeader(h.kind, suite, h.flags, kekId, wrapped, expected, h.commitment);
      byte[] out = new byte[header.length + envelope.length - h.end];
      System.arraycopy(header, 0, out, 0, header.length);
      System.arraycopy(envelope, h.end, out, header.length, envelope.length - h.end);
      return out;
    } finally {
      Arrays.fill(dek, (byte) 0);
    }
  }

  /**
   * Moves an envelope to the current key of this opener's first key provider; see {@link
   * #rewrap(byte[], EncryptionContext, KeyEncryptionKeyProvider)}.
   *
   * @param envelope an envelope, key block or complete streaming envelope
   * @param expected the context it was sealed with
   * @return the rewrapped envelope
   * @throws GeneralSecurityException as {@link #rewrap(byte[], EncryptionContext,
   *     KeyEncryptionKeyProvider)}
   * @throws IllegalArgumentException if an argument is null
   */
  public byte[] rewrap(byte[] envelope, EncryptionContext expected)
      throws GeneralSecurityException {
    return rewrap(envelope, expected, providers.get(0));
  }

  /**
   * Returns the key-encryption key id an envelope, key block or stream header names (public
   * information, e.g. to find envelopes still wrapped under a retired key).
   *
   * @param envelope the envelope
   * @return the key id
   * @throws MalformedEnvelopeException if the bytes do not parse or are a session record
   * @throws IllegalArgumentException if {@code envelope} is null
   */
  public static String keyIdOf(byte[] envelope) throws MalformedEnvelopeException {
    EnvelopeSealer.requireNonNull("envelope", envelope);
    int kind = kindOf(envelope, Format.KIND_ENVELOPE);
    return Format.parseHeader(new ByteReader(envelope), kind).kekId;
  }

  @Override
  public String toString() {
    return "EnvelopeOpener{providers=" + providers + ", sessions=" + sessions.size() + "}";
  }

  private static int kindOf(byte[] envelope, int fallback) {
    return envelope.length > 3 ? envelope[3] & 0xFF : fallback;
  }

  private byte[] openRecord(byte[] rec, EncryptionContext expected)
      throws GeneralSecurityException {
    int min = Format.PREFIX_LEN + Format.COMMITMENT_LEN + Format.DIGEST_LEN + Format.NONCE_LEN;
    if (rec.length < min + Format.TAG_LEN) {
      throw new MalformedEnvelopeException("session record is truncated");
    }
    Format.checkPrefix(rec);
    int suite = rec[4] & 0xFF;
    int flags = rec[5] & 0xFF;
    if ((suite & 0xF0) != Format.PAYLOAD_GCM
        || WrapScheme.ofCode(suite & 0x0F) == null
        || (flags & ~Format.FLAG_SUBJECT) != 0) {
      throw new MalformedEnvelopeException("unsupported suite or flags in session record");
    }
    if (!Format.digestMatches(rec, Format.PREFIX_LEN + Format.COMMITMENT_LEN, expected)) {
      throw new WrongContextException("record was sealed under a different context");
    }
    checkErasure(expected);
    ByteBuffer id = ByteBuffer.wrap(rec, Format.PREFIX_LEN, Format.COMMITMENT_LEN).slice();
    SessionKey s = sessions.get(id);
    if (s == null) {
      throw new UnknownKeyException("no key block was accepted for this record's session");
    }
    if (!s.context.equals(expected)) {
      throw new WrongContextException("record's session was accepted under a different context");
    }
    // The wrap nibble of a record names the scheme its session was sealed under; a key block
    // rewrapped under another scheme keeps its records (neither AD nor key schedule has the
    // nibble).
    if ((s.suite & 0xF0) != (suite & 0xF0) || s.flags != flags) {
      throw tampered();
    }
    if (s.flags != 0
        && subjectKeys != null
        && expected.subject().isPresent()
        && subjectKeys.isForgotten(expected.subject().get())) {
      sessions.remove(id);
      throw new SubjectShreddedException("the subject's key was destroyed (crypto-shredded)");
    }
    byte[] nonce = Arrays.copyOfRange(rec, min - Format.NONCE_LEN, min);
    try {
      return s.cipher.decrypt(nonce, rec, min, s.payloadAd);
    } catch (GeneralSecurityException e) {
      throw tampered();
    }
  }

  private void checkErasure(EncryptionContext expected) throws SubjectShreddedException {
    if (subjectKeys != null
        && expected.subject().isPresent()
        && subjectKeys.isForgotten(expected.subject().get())) {
      throw new SubjectShreddedException("the subject's key was destroyed (crypto-shredded)");
    }
  }

  /** Checks context and erasure, unwraps, derives and verifies the commitment; returns okm. */
  private byte[] unlock(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    byte[][] both = unwrapAndVerify(h, expected);
    Arrays.fill(both[0], (byte) 0);
    return both[1];
  }

  /** Returns {data key, derived key material} after checking the commitment. */
  private byte[][] unwrapAndVerify(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    Format.checkContext(h, expected);
    checkErasure(expected);
    byte[] secret = subjectSecret(h, expected);
    byte[] dek = unwrap(h, expected);
    if (dek.length != Format.KEY_LEN) {
      Arrays.fill(dek, (byte) 0);
      throw tampered();
    }
    byte[] okm = Format.derive(dek, secret, h.kind, h.suite, h.flags, expected);
    try {
      Format.checkCommitment(okm, h.commitment);
    } catch (TamperedEnvelopeException e) {
      Arrays.fill(dek, (byte) 0);
      Arrays.fill(okm, (byte) 0);
      throw e;
    }
    return new byte[][] {dek, okm};
  }

  private byte[] subjectSecret(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    if ((h.flags & Format.FLAG_SUBJECT) == 0) {
      return null;
    }
    if (!expected.subject().isPresent()) {
      throw new WrongContextException("envelope is subject-bound but the context has no subject");
    }
    if (subjectKeys == null) {
      throw new UnknownKeyException("envelope is subject-bound but no subject keys are held");
    }
    return subjectKeys.secret(expected.subject().get(), false);
  }

  private byte[] unwrap(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    byte[] ad = Format.keyAd(h.kind, h.suite, h.flags, h.kekId, expected);
    WrapScheme scheme = h.scheme();
    UnknownKeyException unknown = null;
    for (KeyEncryptionKeyProvider p : providers) {
      if (p.scheme() != scheme) {
        continue;
      }
      try {
        return p.unwrap(h.kekId, h.wrapped, ad);
      } catch (UnknownKeyException e) {
        unknown = e;
      } catch (GeneralSecurityException e) {
        // Tink reports a wrong tag and an unreachable KMS alike; keep the provider's exception as
        // the cause (it holds no key material) so operators can tell them apart.
        TamperedEnvelopeException t = tampered();
        t.initCause(e);
        throw t;
      }
    }
    throw unknown != null
        ? unknown
        : new UnknownKeyException("no " + scheme + " key provider for key '" + h.kekId + "'");
  }

  private static TamperedEnvelopeException tampered() {
    return new TamperedEnvelopeException("envelope does not authenticate");
  }

  private static final class SessionKey {
    final InsecureNonceAesGcmJce cipher;
    final EncryptionContext context;
    final int suite;
    final int flags;
    final byte[] payloadAd;

    SessionKey(
        InsecureNonceAesGcmJce cipher,
        EncryptionContext context,
        int suite,
        int flags,
        byte[] payloadAd) {
      this.cipher = cipher;
      this.context = context;
      this.suite = suite;
      this.flags = flags;
      this.payloadAd = payloadAd;
    }
  }

  /** Builds an {@link EnvelopeOpener}. Not thread-safe. */
  public static final class Builder {
    private final List<KeyEncryptionKeyProvider> providers = new ArrayList<>();
    private SubjectKeys subjectKeys;
    private int maxSessions = 4096;

    private Builder() {}

    /**
     * Adds a key provider (at least one is required); providers are tried in order for the
     * envelope's wrap scheme, skipping those that do not hold its key.
     *
     * @param keys the provider
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder keys(KeyEncryptionKeyProvider keys) {
      EnvelopeSealer.requireNonNull("keys", keys);
      providers.add(keys);
      return this;
    }

    /**
     * Sets the per-subject keys used by the sealer (required to open subject-bound envelopes).
     *
     * @param subjectKeys the subject keys
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder subjectKeys(SubjectKeys subjectKeys) {
      EnvelopeSealer.requireNonNull("subjectKeys", subjectKeys);
      this.subjectKeys = subjectKeys;
      return this;
    }

    /**
     * Sets how many session keys are kept (default 4096).
     *
     * @param maxSessions in [1, 1048576]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1 || maxSessions > (1 << 20)) {
        throw new IllegalArgumentException(
            "maxSessions must be in [1, 1048576], got " + maxSessions);
      }
      this.maxSessions = maxSessions;
      return this;
    }

    /**
     * Builds the opener.
     *
     * @return the opener
     * @throws IllegalStateException if no key provider was added
     */
    public EnvelopeOpener build() {
      if (providers.isEmpty()) {
        throw new IllegalStateException("at least one key provider must be added before build()");
      }
      return new EnvelopeOpener(this);
    }
  }
}

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
 * (else {@link WrongContextException}), the key id (else {@link UnknownKeyException}), the wrapped
 * data key (else {@link TamperedEnvelopeException}), the subject's key and the key commitment, then
 * the payload's tag (else {@link TamperedEnvelopeException}). The plaintext is returned only after
 * the whole payload verified; on any failure nothing is returned.
 *
 * <p><b>No oracle on data subjects.</b> A wrong context, a subject whose key this opener's {@link
 * SubjectKeys} never held, an erased subject, and (for a subject-bound envelope) a subject key that
 * does not reproduce the key commitment all throw {@link WrongContextException} with one and the
 * same message, so a party that can submit envelopes cannot learn whether a person was ever known
 * here or was erased. The ledger of {@link SubjectKeys#forget}, not the exception, records
 * erasures. The subject is looked up before the context is compared, and judged only after the
 * wrapped key unwrapped, so these paths do comparable work (not constant time: a store lookup costs
 * what the store costs), and an envelope forged about a guessed subject with an HPKE public key
 * fails alike for a known, a never-seen and an erased subject.
 *
 * <p>Session records are opened with the session key registered from their key block by {@link
 * #acceptSessionKey}; the opener keeps up to {@code maxSessions} session keys (the earliest
 * accepted are evicted first, and their records then fail with {@link UnknownKeyException} until
 * the key block is accepted again).
 *
 * <p><b>Fail closed on erasure.</b> If {@link SubjectKeys} are configured, an envelope whose
 * context names a forgotten subject is refused (as above) even if it was sealed without subject
 * binding (e.g. by a sensor holding only a public key) — a policy check; only subject-bound
 * envelopes are cryptographically unreadable after erasure. <b>Warning:</b> for such unbound
 * envelopes the refusal itself tells whoever can submit one that its subject was erased (an unbound
 * envelope of a kept or never-seen subject opens); bind envelopes to subjects where that matters.
 * Sessions and opening streams about a subject stop working when it is forgotten.
 *
 * <p>Thread-safe.
 */
public final class EnvelopeOpener {
  /** Stands in for a subject key not held, so that refusing costs what opening would. */
  private static final byte[] NO_SUBJECT_KEY = new byte[32];

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
   * @throws WrongContextException if it does not open under this context: sealed under another
   *     context, or about a subject whose key is not held here (never seen, or erased)
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
    int nonceLen = h.version == Format.VERSION_2 ? 0 : Format.NONCE_LEN;
    if (r.remaining() < nonceLen + Format.TAG_LEN) {
      throw new MalformedEnvelopeException("envelope is truncated");
    }
    byte[] okm = unlock(h, expected).okm;
    try {
      byte[] ad =
          Format.payloadAd(
              h.version, Format.KIND_ENVELOPE, h.suite, h.flags, h.commitment, expected);
      if (nonceLen == 0) {
        return SingleUseGcm.open(okm, envelope, h.end, ad);
      }
      byte[] nonce = Arrays.copyOfRange(envelope, h.end, h.end + Format.NONCE_LEN);
      return new InsecureNonceAesGcmJce(Arrays.copyOf(okm, Format.KEY_LEN))
          .decrypt(nonce, envelope, h.end + nonceLen, ad);
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
   * @throws WrongContextException if it does not open under this context (as {@link #open})
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
    // Verified every time, also for a session already held: a forged block that reuses a known
    // commitment, or one whose key-encryption key was retired since, must not pass as accepted.
    Unlocked u = unlock(h, expected);
    byte[] okm = u.okm;
    try {
      int flags = h.flags & Format.FLAG_SUBJECT;
      SessionKey fresh =
          new SessionKey(
              new InsecureNonceAesGcmJce(Arrays.copyOf(okm, Format.KEY_LEN)),
              expected,
              h.suite,
              flags,
              Format.payloadAd(
                  Format.VERSION, Format.KIND_RECORD, h.suite, flags, h.commitment, expected),
              u.subject);
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
   * @throws WrongContextException if it does not open under this context (as {@link #open})
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
    Unlocked u = unlock(h, expected);
    byte[] okm = u.okm;
    try {
      AesGcmHkdfStreaming s =
          new AesGcmHkdfStreaming(
              Arrays.copyOf(okm, Format.KEY_LEN),
              "HmacSha256",
              Format.KEY_LEN,
              Format.STREAM_SEGMENT,
              0);
      return ErasureGuard.opening(
          s.newDecryptingStream(
              in,
              Format.payloadAd(
                  Format.VERSION, Format.KIND_STREAM, h.suite, h.flags, h.commitment, expected)),
          u.subject);
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
   * @throws WrongContextException if it does not open under this context (as {@link #open})
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
    int nonceLen = h.version == Format.VERSION_2 ? 0 : Format.NONCE_LEN;
    if (kind == Format.KIND_ENVELOPE && r.remaining() < nonceLen + Format.TAG_LEN) {
      throw new MalformedEnvelopeException("envelope is truncated");
    }
    if (kind == Format.KIND_KEY_BLOCK && r.remaining() != 0) {
      throw new MalformedEnvelopeException("key block has trailing bytes");
    }
    Unlocked u = unwrapAndVerify(h, expected);
    Arrays.fill(u.okm, (byte) 0);
    byte[] dek = u.dek;
    try {
      WrappingKey wk = target.current();
      String kekId = wk.id();
      Format.checkKekId(kekId);
      int suite = (h.suite & 0xF0) | target.scheme().code();
      byte[] wrapped =
          wk.wrap(dek, Format.keyAd(h.version, h.kind, suite, h.flags, kekId, expected));
      byte[] header =
          Format.writeHeader(
              h.version, h.kind, suite, h.flags, kekId, wrapped, expected, h.commitment);
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
    byte[] plaintext = recordOrRefusal(rec, expected);
    if (plaintext == null) {
      // The one place a record is refused: the stack trace does not tell which check failed.
      throw Format.refused();
    }
    return plaintext;
  }

  /** Opens a session record; null if it is refused (wrong context, erased subject). */
  private byte[] recordOrRefusal(byte[] rec, EncryptionContext expected)
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
      return null;
    }
    ByteBuffer id = ByteBuffer.wrap(rec, Format.PREFIX_LEN, Format.COMMITMENT_LEN).slice();
    SessionKey s = sessions.get(id);
    if (s == null) {
      throw new UnknownKeyException("no key block was accepted for this record's session");
    }
    if (!s.context.equals(expected) || refusesUnboundRecord(s, expected)) {
      return null;
    }
    // The wrap nibble of a record names the scheme its session was sealed under; a key block
    // rewrapped under another scheme keeps its records (neither AD nor key schedule has the
    // nibble).
    if ((s.suite & 0xF0) != (suite & 0xF0) || s.flags != flags) {
      throw tampered();
    }
    InsecureNonceAesGcmJce cipher = s.cipher;
    if (s.subject != null && s.subject.isErased()) {
      // Keep the entry, without its key: later records of the session fail the same way.
      s.cipher = null;
      cipher = null;
    }
    if (cipher == null) {
      return null;
    }
    byte[] nonce = Arrays.copyOfRange(rec, min - Format.NONCE_LEN, min);
    try {
      return cipher.decrypt(nonce, rec, min, s.payloadAd);
    } catch (GeneralSecurityException e) {
      throw tampered();
    }
  }

  /**
   * The erasure policy for a record of a session that is not subject-bound but names a subject:
   * checked again only when a forget happened since the session's last check (a subject-bound
   * session has its subject's state, whose erasure flag is checked instead).
   */
  private boolean refusesUnboundRecord(SessionKey s, EncryptionContext expected) {
    if (s.subject != null || subjectKeys == null || expected.subject().isEmpty()) {
      return false;
    }
    long now = subjectKeys.erasures();
    if (s.policyCheckedAt == now) {
      return false;
    }
    if (subjectKeys.refusesUnbound(expected.subject().get())) {
      return true;
    }
    s.policyCheckedAt = now;
    return false;
  }

  /** The data key and derived key material of a verified header, and its subject's key if bound. */
  private static final class Unlocked {
    final byte[] dek;
    final byte[] okm;
    final SubjectState subject;

    Unlocked(byte[] dek, byte[] okm, SubjectState subject) {
      this.dek = dek;
      this.okm = okm;
      this.subject = subject;
    }
  }

  /** As {@link #unwrapAndVerify}, with the data key already zeroed. */
  private Unlocked unlock(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    Unlocked u = unwrapAndVerify(h, expected);
    Arrays.fill(u.dek, (byte) 0);
    return u;
  }

  /**
   * Checks context, subject and erasure, unwraps the data key, derives the key material and checks
   * the commitment. Every way of "this context does not open it" ends in {@link Format#refused()}.
   *
   * <p>Order matters for the oracle: the context must be checked first (the wrapped key is bound to
   * it), but the subject is judged only after the data key unwrapped, so that a forged envelope
   * about a guessed subject — which anyone holding an HPKE public key can make — fails the same way
   * whether the subject is known, never seen or erased: as tampered if its wrapped key is bad, else
   * as refused (a known subject's key does not reproduce the forger's commitment).
   */
  private Unlocked unwrapAndVerify(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    Unlocked u = unlockedOrRefusal(h, expected);
    if (u == null) {
      // The one place a header is refused: the stack trace does not tell which check failed.
      throw Format.refused();
    }
    return u;
  }

  /** As {@link #unwrapAndVerify}, returning null where it refuses. */
  private Unlocked unlockedOrRefusal(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    boolean bound = (h.flags & Format.FLAG_SUBJECT) != 0;
    String subjectId = expected.subject().orElse(null);
    // The subject is looked up first, so that a wrong context, a never-seen and an erased subject
    // do comparable work.
    SubjectState subject = null;
    boolean policyRefuses = false;
    if (subjectKeys != null && subjectId != null) {
      if (bound) {
        subject = subjectKeys.forOpening(subjectId);
      } else {
        policyRefuses = subjectKeys.refusesUnbound(subjectId);
      }
    }
    if (!Format.contextMatches(h, expected) || (bound && subjectId == null)) {
      return null;
    }
    if (bound && subjectKeys == null) {
      throw new UnknownKeyException("envelope is subject-bound but no subject keys are held");
    }
    byte[] dek = unwrap(h, expected);
    if (dek.length != Format.dataKeyLength(h.version)) {
      Arrays.fill(dek, (byte) 0);
      throw tampered();
    }
    if (policyRefuses) {
      Arrays.fill(dek, (byte) 0);
      return null;
    }
    byte[] secret = bound && subject != null ? subject.acquire() : null;
    if (bound && secret == null) {
      // No key held (never seen, erased, or erased since the lookup): the same HKDF a held key
      // costs, then the refusal a held key that does not match gets.
      Arrays.fill(
          Format.derive(h.version, dek, NO_SUBJECT_KEY, h.kind, h.suite, h.flags, expected),
          (byte) 0);
      Arrays.fill(dek, (byte) 0);
      return null;
    }
    byte[] okm;
    try {
      okm = Format.derive(h.version, dek, secret, h.kind, h.suite, h.flags, expected);
    } finally {
      if (secret != null) {
        subject.release();
      }
    }
    if (!Format.commitmentMatches(okm, h.commitment)) {
      Arrays.fill(dek, (byte) 0);
      Arrays.fill(okm, (byte) 0);
      // Under a subject key that is not the one it was sealed with, a valid envelope looks like
      // this too: refuse it as "not under this context" so the subject's presence stays hidden.
      if (bound) {
        return null;
      }
      throw new TamperedEnvelopeException("key commitment does not match");
    }
    return new Unlocked(dek, okm, subject);
  }

  private byte[] unwrap(Format.Header h, EncryptionContext expected)
      throws GeneralSecurityException {
    byte[] ad = Format.keyAd(h.version, h.kind, h.suite, h.flags, h.kekId, expected);
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
    volatile InsecureNonceAesGcmJce cipher; // dropped once the subject is forgotten
    final EncryptionContext context;
    final int suite;
    final int flags;
    final byte[] payloadAd;
    final SubjectState subject; // null unless subject-bound
    volatile long policyCheckedAt = -1; // SubjectKeys.erasures() at the last passed policy check

    SessionKey(
        InsecureNonceAesGcmJce cipher,
        EncryptionContext context,
        int suite,
        int flags,
        byte[] payloadAd,
        SubjectState subject) {
      this.cipher = cipher;
      this.context = context;
      this.suite = suite;
      this.flags = flags;
      this.payloadAd = payloadAd;
      this.subject = subject;
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

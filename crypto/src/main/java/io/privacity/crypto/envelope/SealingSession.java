package io.privacity.crypto.envelope;

import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import com.google.crypto.tink.subtle.Random;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A data-key session: many small messages sealed under one data key, for high-rate telemetry.
 *
 * <p>The opener needs the session's {@link #keyBlock()} once (it carries the wrapped data key, key
 * id and commitment); each {@link #seal} then produces a 74-byte-overhead record naming the session
 * by its key commitment. Records can be opened in any order, each independently.
 *
 * <p><b>Nonces.</b> The nonce of record <i>i</i> is a random 32-bit session prefix followed by
 * <i>i</i> as a 64-bit big-endian counter, taken from an atomic counter, so no nonce repeats under
 * the session key (and the key itself is fresh per session, so nonces need not be unique across
 * sessions; the prefix is defence in depth).
 *
 * <p><b>Limits.</b> Once {@link SessionLimits} are reached (messages, bytes or age), {@link #seal}
 * throws {@link IllegalStateException}: start a new session. {@link #close()} drops the key.
 *
 * <p><b>Erasure.</b> A session about a subject (sealed with {@link SubjectKeys}) stops sealing once
 * the subject is forgotten: {@link #seal} then throws {@link SubjectShreddedException}, and the
 * records it sealed before can no longer be opened.
 *
 * <p>Thread-safe. A sensor using public-key sealing holds the session key only in memory for the
 * session's life; it cannot open anything sealed before or after.
 */
public final class SealingSession implements AutoCloseable {
  private final byte[] keyBlock;
  private final byte[] recordHeader;
  private final byte[] payloadAd;
  private final byte[] noncePrefix = Random.randBytes(4);
  private final EncryptionContext context;
  private final SessionLimits limits;
  private final Clock clock;
  private final Instant expires;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final SubjectState subject; // null unless subject-bound
  private volatile InsecureNonceAesGcmJce cipher;

  SealingSession(
      byte[] keyBlock,
      int suite,
      int flags,
      EncryptionContext context,
      byte[] key,
      byte[] commitment,
      SessionLimits limits,
      Clock clock,
      SubjectState subject)
      throws GeneralSecurityException {
    this.keyBlock = keyBlock;
    this.subject = subject;
    this.context = context;
    this.limits = limits;
    this.clock = clock;
    this.expires = clock.instant().plus(limits.maxAge());
    int recordFlags = flags & Format.FLAG_SUBJECT;
    this.recordHeader = recordHeader(suite, recordFlags, commitment, context);
    this.payloadAd =
        Format.payloadAd(
            Format.VERSION, Format.KIND_RECORD, suite, recordFlags, commitment, context);
    this.cipher = new InsecureNonceAesGcmJce(key);
    java.util.Arrays.fill(key, (byte) 0);
  }

  static byte[] recordHeader(int suite, int flags, byte[] commitment, EncryptionContext ctx) {
    byte[] h = new byte[Format.PREFIX_LEN + Format.COMMITMENT_LEN + Format.DIGEST_LEN];
    Format.writePrefix(h, Format.VERSION, Format.KIND_RECORD, suite, flags);
    System.arraycopy(commitment, 0, h, Format.PREFIX_LEN, Format.COMMITMENT_LEN);
    System.arraycopy(
        ctx.sha256Unsafe(), 0, h, Format.PREFIX_LEN + Format.COMMITMENT_LEN, Format.DIGEST_LEN);
    return h;
  }

  /**
   * Returns the key block: the session's header, to be delivered to the opener once.
   *
   * @return a copy of the key block
   */
  public byte[] keyBlock() {
    return keyBlock.clone();
  }

  /**
   * Returns the context every record of this session is bound to.
   *
   * @return the context
   */
  public EncryptionContext context() {
    return context;
  }

  /**
   * Returns how many records were sealed.
   *
   * @return the count
   */
  public long messagesSealed() {
    return Math.min(messages.get(), limits.maxMessages());
  }

  /**
   * Tells whether a limit was reached or the session was closed.
   *
   * @return true if {@link #seal} will refuse
   */
  public boolean isExhausted() {
    return cipher == null
        || (subject != null && subject.isErased())
        || messages.get() >= limits.maxMessages()
        || bytes.get() >= limits.maxBytes()
        || !clock.instant().isBefore(expires);
  }

  /**
   * Seals one message as a session record.
   *
   * @param plaintext the payload, 0 bytes or more
   * @return the record
   * @throws SubjectShreddedException if the session's subject was forgotten (its records could
   *     never be opened)
   * @throws IllegalStateException if the session is closed or a limit would be exceeded
   * @throws IllegalArgumentException if {@code plaintext} is null
   */
  public byte[] seal(byte[] plaintext) {
    EnvelopeSealer.requireNonNull("plaintext", plaintext);
    if (subject != null && subject.isErased()) {
      cipher = null; // drop the key; every later call refuses the same way
      throw SubjectKeys.shredded();
    }
    InsecureNonceAesGcmJce c = cipher;
    if (c == null) {
      throw new IllegalStateException("session is closed; start a new session");
    }
    if (!clock.instant().isBefore(expires)) {
      throw new IllegalStateException(
          "session is older than maxAge " + limits.maxAge() + "; start a new session");
    }
    long n = messages.getAndIncrement();
    if (n >= limits.maxMessages()) {
      throw new IllegalStateException(
          "session sealed maxMessages " + limits.maxMessages() + " messages; start a new session");
    }
    long total = bytes.addAndGet(plaintext.length);
    if (total > limits.maxBytes()) {
      messages.set(limits.maxMessages());
      throw new IllegalStateException(
          "session would exceed maxBytes " + limits.maxBytes() + "; start a new session");
    }
    byte[] nonce = new byte[Format.NONCE_LEN];
    System.arraycopy(noncePrefix, 0, nonce, 0, 4);
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
    int offset = recordHeader.length + Format.NONCE_LEN;
    byte[] out;
    try {
      out = c.encrypt(nonce, plaintext, offset, payloadAd);
    } catch (GeneralSecurityException e) { // AES-GCM encryption under a valid key does not fail
      throw new IllegalStateException("cannot seal: AES-GCM failed: " + e.getMessage(), e);
    }
    System.arraycopy(recordHeader, 0, out, 0, recordHeader.length);
    System.arraycopy(nonce, 0, out, recordHeader.length, Format.NONCE_LEN);
    return out;
  }

  /**
   * Drops the session key (the JCE key object holding it cannot be zeroed; it becomes garbage);
   * later {@link #seal} calls throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    cipher = null;
  }

  @Override
  public String toString() {
    return "SealingSession{context="
        + context
        + ", sealed="
        + messagesSealed()
        + ", limits="
        + limits
        + "}";
  }
}

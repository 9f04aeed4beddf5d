package io.privacity.crypto.envelope;

import com.google.crypto.tink.subtle.Hkdf;
import io.privacity.crypto.keys.WrapScheme;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The envelope wire format, version 1 (specified in {@code crypto/ENVELOPE_FORMAT.md}): field
 * layout, associated data and the key schedule. Every envelope-producing and -consuming class goes
 * through here so the format has one definition.
 */
final class Format {
  private Format() {}

  static final byte MAGIC0 = 0x50; // 'P'
  static final byte MAGIC1 = 0x56; // 'V'
  static final byte VERSION = 1;

  static final int KIND_ENVELOPE = 1;
  static final int KIND_KEY_BLOCK = 2;
  static final int KIND_RECORD = 3;
  static final int KIND_STREAM = 4;

  /** Payload algorithm (high nibble of the suite): AES-256-GCM, 96-bit nonce, 128-bit tag. */
  static final int PAYLOAD_GCM = 0x00;

  /** Payload algorithm: Tink AES-256-GCM-HKDF streaming AEAD, 64 KiB ciphertext segments. */
  static final int PAYLOAD_STREAM = 0x10;

  static final int FLAG_SUBJECT = 0x01;
  static final int FLAG_FULL_CONTEXT = 0x02;

  static final int PREFIX_LEN = 6;
  static final int COMMITMENT_LEN = 32;
  static final int DIGEST_LEN = 8;
  static final int NONCE_LEN = 12;
  static final int TAG_LEN = 16;
  static final int KEY_LEN = 32;
  static final int MAX_WRAPPED_LEN = 1024;

  /** The header's 16-bit length field bounds a FULL context's canonical encoding. */
  static final int MAX_FULL_CONTEXT = 0xFFFF;

  static final int STREAM_SEGMENT = 64 * 1024;

  private static final byte[] KEY_LABEL =
      "privacity/envelope/v1/key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUBJECT_LABEL =
      "privacity/envelope/v1/subject".getBytes(StandardCharsets.US_ASCII);

  /** A parsed keyed header (kinds envelope, key block, stream). */
  static final class Header {
    int kind;
    int suite;
    int flags;
    String kekId;
    byte[] wrapped;
    byte[] contextDigest; // when DIGEST
    byte[] contextCanonical; // when FULL
    byte[] commitment;
    int end; // offset of the first byte after the header

    WrapScheme scheme() {
      return WrapScheme.ofCode(suite & 0x0F);
    }
  }

  static int suite(int payload, WrapScheme scheme) {
    return payload | scheme.code();
  }

  /** Parses the header of an envelope, key block or stream, validating every field's range. */
  static Header parseHeader(ByteReader r, int expectedKind) throws MalformedEnvelopeException {
    Header h = new Header();
    byte[] p = r.bytes(PREFIX_LEN);
    checkPrefix(p);
    h.kind = p[3] & 0xFF;
    h.suite = p[4] & 0xFF;
    h.flags = p[5] & 0xFF;
    if (h.kind != expectedKind) {
      throw new MalformedEnvelopeException(
          "envelope kind must be " + expectedKind + ", got " + h.kind);
    }
    int payload = h.suite & 0xF0;
    int wantPayload = h.kind == KIND_STREAM ? PAYLOAD_STREAM : PAYLOAD_GCM;
    if (payload != wantPayload || h.scheme() == null) {
      throw new MalformedEnvelopeException("unsupported suite " + h.suite + " for kind " + h.kind);
    }
    if ((h.flags & ~(FLAG_SUBJECT | FLAG_FULL_CONTEXT)) != 0) {
      throw new MalformedEnvelopeException("unsupported flags " + h.flags);
    }
    int idLen = r.u8();
    if (idLen == 0) {
      throw new MalformedEnvelopeException("key id length must be 1 to 255, got 0");
    }
    byte[] id = r.bytes(idLen);
    h.kekId = new String(id, StandardCharsets.UTF_8);
    if (!Arrays.equals(h.kekId.getBytes(StandardCharsets.UTF_8), id)) {
      throw new MalformedEnvelopeException("key id is not valid UTF-8");
    }
    int wl = r.u16();
    if (wl == 0 || wl > MAX_WRAPPED_LEN) {
      throw new MalformedEnvelopeException(
          "wrapped key length must be 1 to " + MAX_WRAPPED_LEN + ", got " + wl);
    }
    h.wrapped = r.bytes(wl);
    if ((h.flags & FLAG_FULL_CONTEXT) != 0) {
      int cl = r.u16();
      h.contextCanonical = r.bytes(cl);
    } else {
      h.contextDigest = r.bytes(DIGEST_LEN);
    }
    h.commitment = r.bytes(COMMITMENT_LEN);
    h.end = r.position();
    return h;
  }

  static void checkPrefix(byte[] p) throws MalformedEnvelopeException {
    if (p.length < PREFIX_LEN || p[0] != MAGIC0 || p[1] != MAGIC1) {
      throw new MalformedEnvelopeException("not a Privacity envelope (bad magic)");
    }
    if (p[2] != VERSION) {
      throw new MalformedEnvelopeException(
          "unsupported envelope version " + (p[2] & 0xFF) + ", this library reads " + VERSION);
    }
  }

  /**
   * The one refusal for "this context does not open the envelope": a different context, a subject
   * whose key is not held (never seen, or erased), a subject key that does not reproduce the
   * commitment. One type, one message, so that the exception is no oracle on data subjects; and one
   * call site per way in (the opener's checks return a refusal, which one line turns into this
   * exception), so that neither is its stack trace.
   */
  static WrongContextException refused() {
    return new WrongContextException("envelope cannot be opened under this context");
  }

  /** Whether the header's context (digest or full encoding) matches {@code expected}. */
  static boolean contextMatches(Header h, EncryptionContext expected) {
    return h.contextCanonical != null
        ? MessageDigest.isEqual(h.contextCanonical, expected.canonicalUnsafe())
        : digestMatches(h.contextDigest, 0, expected);
  }

  static boolean digestMatches(byte[] buf, int off, EncryptionContext expected) {
    byte[] d = expected.sha256Unsafe();
    int diff = 0;
    for (int i = 0; i < DIGEST_LEN; i++) {
      diff |= buf[off + i] ^ d[i];
    }
    return diff == 0;
  }

  /** Writes a keyed header. */
  static byte[] writeHeader(
      int kind,
      int suite,
      int flags,
      String kekId,
      byte[] wrapped,
      EncryptionContext ctx,
      byte[] commitment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + wrapped.length);
    out.write(MAGIC0);
    out.write(MAGIC1);
    out.write(VERSION);
    out.write(kind);
    out.write(suite);
    out.write(flags);
    byte[] id = kekId.getBytes(StandardCharsets.UTF_8);
    out.write(id.length);
    out.write(id, 0, id.length);
    out.write(wrapped.length >>> 8);
    out.write(wrapped.length);
    out.write(wrapped, 0, wrapped.length);
    if ((flags & FLAG_FULL_CONTEXT) != 0) {
      byte[] c = ctx.canonicalUnsafe();
      out.write(c.length >>> 8);
      out.write(c.length);
      out.write(c, 0, c.length);
    } else {
      out.write(ctx.sha256Unsafe(), 0, DIGEST_LEN);
    }
    out.write(commitment, 0, COMMITMENT_LEN);
    return out.toByteArray();
  }

  /** Validates a key id for the header. */
  static void checkKekId(String kekId) throws GeneralSecurityException {
    int n = kekId == null ? 0 : kekId.getBytes(StandardCharsets.UTF_8).length;
    if (n < 1 || n > 255) {
      throw new GeneralSecurityException("key id must be 1 to 255 UTF-8 bytes, got " + n);
    }
  }

  /**
   * Associated data of the wrapped data key: the header up to the key id, then the context's
   * canonical encoding.
   */
  static byte[] keyAd(int kind, int suite, int flags, String kekId, EncryptionContext ctx) {
    byte[] id = kekId.getBytes(StandardCharsets.UTF_8);
    byte[] c = ctx.canonicalUnsafe();
    byte[] ad = new byte[PREFIX_LEN + 1 + id.length + c.length];
    writePrefix(ad, kind, suite, flags);
    ad[PREFIX_LEN] = (byte) id.length;
    System.arraycopy(id, 0, ad, PREFIX_LEN + 1, id.length);
    System.arraycopy(c, 0, ad, PREFIX_LEN + 1 + id.length, c.length);
    return ad;
  }

  /**
   * Associated data of the payload: the prefix (with the wrap scheme masked out, so rewrapping
   * under another scheme leaves the payload valid), the commitment and the context's SHA-256.
   */
  static byte[] payloadAd(int kind, int suite, int flags, byte[] commitment, EncryptionContext c) {
    byte[] ad = new byte[PREFIX_LEN + COMMITMENT_LEN + 32];
    writePrefix(ad, kind, suite & 0xF0, flags);
    System.arraycopy(commitment, 0, ad, PREFIX_LEN, COMMITMENT_LEN);
    System.arraycopy(c.sha256Unsafe(), 0, ad, PREFIX_LEN + COMMITMENT_LEN, 32);
    return ad;
  }

  static void writePrefix(byte[] b, int kind, int suite, int flags) {
    b[0] = MAGIC0;
    b[1] = MAGIC1;
    b[2] = VERSION;
    b[3] = (byte) kind;
    b[4] = (byte) suite;
    b[5] = (byte) flags;
  }

  /**
   * The key schedule: HKDF-SHA256 (Tink's {@code subtle.Hkdf}) over the data key, and the subject's
   * secret if subject-bound, with the context's SHA-256 in the info. Returns 64 bytes: the payload
   * key, then the key commitment.
   *
   * @param keyKind the kind whose data key this is ({@link #KIND_KEY_BLOCK} for session records)
   */
  static byte[] derive(
      byte[] dataKey, byte[] subjectSecret, int keyKind, int suite, int flags, EncryptionContext c)
      throws GeneralSecurityException {
    byte[] ikm = dataKey;
    if (subjectSecret != null) {
      ikm = Arrays.copyOf(dataKey, dataKey.length + subjectSecret.length);
      System.arraycopy(subjectSecret, 0, ikm, dataKey.length, subjectSecret.length);
    }
    byte[] info = new byte[KEY_LABEL.length + 3 + 32];
    System.arraycopy(KEY_LABEL, 0, info, 0, KEY_LABEL.length);
    info[KEY_LABEL.length] = (byte) keyKind;
    info[KEY_LABEL.length + 1] = (byte) (suite & 0xF0);
    info[KEY_LABEL.length + 2] = (byte) (flags & FLAG_SUBJECT);
    System.arraycopy(c.sha256Unsafe(), 0, info, KEY_LABEL.length + 3, 32);
    byte[] okm = Hkdf.computeHkdf("HMACSHA256", ikm, new byte[0], info, KEY_LEN + COMMITMENT_LEN);
    if (ikm != dataKey) {
      Arrays.fill(ikm, (byte) 0);
    }
    return okm;
  }

  static byte[] subjectLabel() {
    return SUBJECT_LABEL.clone();
  }

  /** Constant-time comparison of the commitment in the header with the derived one. */
  static boolean commitmentMatches(byte[] okm, byte[] commitment) {
    int diff = 0;
    for (int i = 0; i < COMMITMENT_LEN; i++) {
      diff |= okm[KEY_LEN + i] ^ commitment[i];
    }
    return diff == 0;
  }
}

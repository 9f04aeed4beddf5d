package io.privacity.crypto.envelope;

import com.google.crypto.tink.subtle.EngineFactory;
import com.google.crypto.tink.subtle.Hkdf;
import io.privacity.crypto.keys.WrapScheme;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envelope wire format (specified in {@code crypto/ENVELOPE_FORMAT.md}): field layout,
 * associated data and the key schedule. Version 1 covers every kind; version 2 is the compact
 * layout of self-contained envelopes (kind 1), which new envelopes use, while version 1 of every
 * kind is still read. Every envelope-producing and -consuming class goes through here so the format
 * has one definition.
 */
final class Format {
  private Format() {}

  static final byte MAGIC0 = 0x50; // 'P'
  static final byte MAGIC1 = 0x56; // 'V'
  static final byte VERSION = 1;

  /**
   * Version 2, kind 1 only: a 24-byte data key, no payload nonce (the payload key serves one
   * message), a compact key id, a one-byte wrapped-key length and a 4-byte context digest.
   */
  static final byte VERSION_2 = 2;

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
  static final int DIGEST_LEN_V2 = 4;
  static final int KEY_LEN_V2 = 24;
  static final int NONCE_LEN = 12;
  static final int TAG_LEN = 16;
  static final int KEY_LEN = 32;
  static final int MAX_WRAPPED_LEN = 1024;

  /** The header's 16-bit length field bounds a FULL context's canonical encoding. */
  static final int MAX_FULL_CONTEXT = 0xFFFF;

  static final int STREAM_SEGMENT = 64 * 1024;

  private static final byte[] KEY_LABEL =
      "privacity/envelope/v1/key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_LABEL_V2 =
      "privacity/envelope/v2/key".getBytes(StandardCharsets.US_ASCII);

  /** The payload nonce of version 2: constant, since each payload key encrypts one message. */
  static final byte[] ZERO_NONCE = new byte[NONCE_LEN];

  // HMAC-SHA256 from JCA (through Tink's EngineFactory), one per thread: the version-2 key
  // schedule runs per envelope, and looking up a Mac per call costs as much as the HMACs.
  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return EngineFactory.MAC.getInstance("HMACSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HMAC-SHA256 unavailable", e);
            }
          });
  private static final byte[] SUBJECT_LABEL =
      "privacity/envelope/v1/subject".getBytes(StandardCharsets.US_ASCII);

  /** A parsed keyed header (kinds envelope, key block, stream). */
  static final class Header {
    int version;
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
    h.version = p[2];
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
    boolean v2 = h.version == VERSION_2;
    int idLen = r.u8();
    if (idLen == 0 && v2) {
      h.kekId = compactKeyIdPrefix(h.scheme()) + Integer.toUnsignedString(r.u32());
    } else {
      if (idLen == 0) {
        throw new MalformedEnvelopeException("key id length must be 1 to 255, got 0");
      }
      byte[] id = r.bytes(idLen);
      h.kekId = new String(id, StandardCharsets.UTF_8);
      if (!Arrays.equals(h.kekId.getBytes(StandardCharsets.UTF_8), id)) {
        throw new MalformedEnvelopeException("key id is not valid UTF-8");
      }
    }
    int wl;
    if (v2) {
      wl = r.u8();
      if (wl >= 0x80) {
        wl = (wl & 0x7F) << 8 | r.u8();
        if (wl < 0x80) {
          throw new MalformedEnvelopeException(
              "wrapped key length " + wl + " not in its short form");
        }
      }
    } else {
      wl = r.u16();
    }
    if (wl == 0 || wl > MAX_WRAPPED_LEN) {
      throw new MalformedEnvelopeException(
          "wrapped key length must be 1 to " + MAX_WRAPPED_LEN + ", got " + wl);
    }
    h.wrapped = r.bytes(wl);
    if ((h.flags & FLAG_FULL_CONTEXT) != 0) {
      int cl = r.u16();
      h.contextCanonical = r.bytes(cl);
    } else {
      h.contextDigest = r.bytes(v2 ? DIGEST_LEN_V2 : DIGEST_LEN);
    }
    h.commitment = r.bytes(COMMITMENT_LEN);
    h.end = r.position();
    return h;
  }

  static void checkPrefix(byte[] p) throws MalformedEnvelopeException {
    if (p.length < PREFIX_LEN || p[0] != MAGIC0 || p[1] != MAGIC1) {
      throw new MalformedEnvelopeException("not a Privacity envelope (bad magic)");
    }
    if (p[2] != VERSION && p[2] != VERSION_2) {
      throw new MalformedEnvelopeException(
          "unsupported envelope version "
              + (p[2] & 0xFF)
              + ", this library reads "
              + VERSION
              + " and "
              + VERSION_2);
    }
    if (p[2] == VERSION_2 && p[3] != KIND_ENVELOPE) {
      throw new MalformedEnvelopeException(
          "envelope version 2 is defined for kind " + KIND_ENVELOPE + " only, got " + p[3]);
    }
  }

  /**
   * The key-id prefix of a version-2 compact key id: ids of the form prefix + an unsigned 32-bit
   * decimal (the library's local keysets, "local-", and HPKE key pairs, "hpke-") take 5 bytes.
   */
  static String compactKeyIdPrefix(WrapScheme scheme) {
    return scheme == WrapScheme.HPKE ? "hpke-" : "local-";
  }

  /** The 32-bit number of a key id in compact form, or -1 if the id has no compact form. */
  static long compactKeyId(String kekId, WrapScheme scheme) {
    String prefix = compactKeyIdPrefix(scheme);
    if (!kekId.startsWith(prefix)) {
      return -1;
    }
    String digits = kekId.substring(prefix.length());
    int n = digits.length();
    if (n < 1 || n > 10 || (n > 1 && digits.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 0xFFFFFFFFL ? v : -1;
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
        : digestMatches(h.contextDigest, 0, h.contextDigest.length, expected);
  }

  static boolean digestMatches(byte[] buf, int off, EncryptionContext expected) {
    return digestMatches(buf, off, DIGEST_LEN, expected);
  }

  static boolean digestMatches(byte[] buf, int off, int len, EncryptionContext expected) {
    byte[] d = expected.sha256Unsafe();
    int diff = 0;
    for (int i = 0; i < len; i++) {
      diff |= buf[off + i] ^ d[i];
    }
    return diff == 0;
  }

  /** Writes a keyed header. */
  static byte[] writeHeader(
      int version,
      int kind,
      int suite,
      int flags,
      String kekId,
      byte[] wrapped,
      EncryptionContext ctx,
      byte[] commitment) {
    boolean v2 = version == VERSION_2;
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + wrapped.length);
    out.write(MAGIC0);
    out.write(MAGIC1);
    out.write(version);
    out.write(kind);
    out.write(suite);
    out.write(flags);
    WrapScheme scheme = WrapScheme.ofCode(suite & 0x0F);
    long compact = v2 ? compactKeyId(kekId, scheme) : -1;
    if (compact >= 0) {
      out.write(0);
      out.write((int) (compact >>> 24));
      out.write((int) (compact >>> 16));
      out.write((int) (compact >>> 8));
      out.write((int) compact);
    } else {
      byte[] id = kekId.getBytes(StandardCharsets.UTF_8);
      out.write(id.length);
      out.write(id, 0, id.length);
    }
    if (v2 && wrapped.length < 0x80) {
      out.write(wrapped.length);
    } else if (v2) {
      out.write(0x80 | wrapped.length >>> 8);
      out.write(wrapped.length);
    } else {
      out.write(wrapped.length >>> 8);
      out.write(wrapped.length);
    }
    out.write(wrapped, 0, wrapped.length);
    if ((flags & FLAG_FULL_CONTEXT) != 0) {
      byte[] c = ctx.canonicalUnsafe();
      out.write(c.length >>> 8);
      out.write(c.length);
      out.write(c, 0, c.length);
    } else {
      out.write(ctx.sha256Unsafe(), 0, v2 ? DIGEST_LEN_V2 : DIGEST_LEN);
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
  static byte[] keyAd(
      int version, int kind, int suite, int flags, String kekId, EncryptionContext ctx) {
    byte[] id = kekId.getBytes(StandardCharsets.UTF_8);
    byte[] c = ctx.canonicalUnsafe();
    byte[] ad = new byte[PREFIX_LEN + 1 + id.length + c.length];
    writePrefix(ad, version, kind, suite, flags);
    ad[PREFIX_LEN] = (byte) id.length;
    System.arraycopy(id, 0, ad, PREFIX_LEN + 1, id.length);
    System.arraycopy(c, 0, ad, PREFIX_LEN + 1 + id.length, c.length);
    return ad;
  }

  /**
   * Associated data of the payload: the prefix (with the wrap scheme masked out, so rewrapping
   * under another scheme leaves the payload valid), the commitment and the context's SHA-256.
   */
  static byte[] payloadAd(
      int version, int kind, int suite, int flags, byte[] commitment, EncryptionContext c) {
    byte[] ad = new byte[PREFIX_LEN + COMMITMENT_LEN + 32];
    writePrefix(ad, version, kind, suite & 0xF0, flags);
    System.arraycopy(commitment, 0, ad, PREFIX_LEN, COMMITMENT_LEN);
    System.arraycopy(c.sha256Unsafe(), 0, ad, PREFIX_LEN + COMMITMENT_LEN, 32);
    return ad;
  }

  static void writePrefix(byte[] b, int version, int kind, int suite, int flags) {
    b[0] = MAGIC0;
    b[1] = MAGIC1;
    b[2] = (byte) version;
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
    byte[] info = info(KEY_LABEL, keyKind, suite, flags, c);
    byte[] okm = Hkdf.computeHkdf("HMACSHA256", ikm, new byte[0], info, KEY_LEN + COMMITMENT_LEN);
    if (ikm != dataKey) {
      Arrays.fill(ikm, (byte) 0);
    }
    return okm;
  }

  /** HKDF info: label ‖ key kind ‖ payload nibble ‖ subject flag ‖ SHA-256(context). */
  private static byte[] info(byte[] label, int keyKind, int suite, int flags, EncryptionContext c) {
    byte[] info = new byte[label.length + 3 + 32];
    System.arraycopy(label, 0, info, 0, label.length);
    info[label.length] = (byte) keyKind;
    info[label.length + 1] = (byte) (suite & 0xF0);
    info[label.length + 2] = (byte) (flags & FLAG_SUBJECT);
    System.arraycopy(c.sha256Unsafe(), 0, info, label.length + 3, 32);
    return info;
  }

  /**
   * The version-2 key schedule, HKDF-SHA256 (RFC 5869) on JCA's HMAC-SHA256: the pseudorandom key
   * is the 24-byte data key itself (a uniformly random key: RFC 5869, section 3.3, lets Expand use
   * it directly), or, for a subject-bound envelope, HKDF-Extract with the data key as salt and the
   * subject's secret as input; then HKDF-Expand to 64 bytes with the info of {@link #derive} under
   * the label {@code privacity/envelope/v2/key}: the payload key, then the key commitment.
   */
  static byte[] deriveV2(
      byte[] dataKey, byte[] subjectSecret, int keyKind, int suite, int flags, EncryptionContext c)
      throws GeneralSecurityException {
    Mac mac = HMAC.get();
    byte[] prk = dataKey;
    if (subjectSecret != null) {
      mac.init(new SecretKeySpec(dataKey, "HMACSHA256"));
      prk = mac.doFinal(subjectSecret);
    }
    byte[] info = info(KEY_LABEL_V2, keyKind, suite, flags, c);
    byte[] okm = new byte[KEY_LEN + COMMITMENT_LEN];
    try {
      mac.init(new SecretKeySpec(prk, "HMACSHA256"));
      mac.update(info);
      mac.update((byte) 1);
      mac.doFinal(okm, 0); // T(1): the payload key
      mac.update(okm, 0, KEY_LEN);
      mac.update(info);
      mac.update((byte) 2);
      mac.doFinal(okm, KEY_LEN); // T(2): the key commitment
    } catch (javax.crypto.ShortBufferException e) {
      throw new GeneralSecurityException(e);
    } finally {
      if (prk != dataKey) {
        Arrays.fill(prk, (byte) 0);
      }
    }
    return okm;
  }

  /** The key schedule of an envelope's version: {@link #derive} or {@link #deriveV2}. */
  static byte[] derive(
      int version,
      byte[] dataKey,
      byte[] subjectSecret,
      int keyKind,
      int suite,
      int flags,
      EncryptionContext c)
      throws GeneralSecurityException {
    return version == VERSION_2
        ? deriveV2(dataKey, subjectSecret, keyKind, suite, flags, c)
        : derive(dataKey, subjectSecret, keyKind, suite, flags, c);
  }

  /** The data key length of an envelope's version. */
  static int dataKeyLength(int version) {
    return version == VERSION_2 ? KEY_LEN_V2 : KEY_LEN;
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

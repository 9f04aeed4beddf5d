package io.privacity.crypto.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an envelope is about and what it may be used for, e.g. {@code {subject=citizen-42,
 * purpose=air-quality-analytics, sensor=aq-17, city=lyon}}.
 *
 * <p>The context is authenticated, not secret: it is bound as associated data to both the wrapped
 * data key and the payload, and the same context must be presented again to open the envelope.
 * Depending on {@link ContextBinding}, the envelope carries either its canonical encoding or only
 * an 8-byte digest of it.
 *
 * <p><b>Canonical encoding</b> (see {@code crypto/ENVELOPE_FORMAT.md}): a 16-bit big-endian entry
 * count, then for each entry in ascending order of the keys' UTF-8 bytes, a 16-bit length and the
 * UTF-8 bytes of the key, then of the value. Two contexts are equal iff their encodings are equal.
 *
 * <p>Limits: 1 to 64 entries; keys 1 to 255 UTF-8 bytes, values 0 to 4096 UTF-8 bytes; no key or
 * value may be null; keys may not be blank; neither may hold an unpaired surrogate. Immutable and
 * thread-safe.
 */
public final class EncryptionContext {
  /** The key naming the data subject; when present, per-subject keys apply. */
  public static final String SUBJECT = "subject";

  /** The key naming the purpose the data may be used for. */
  public static final String PURPOSE = "purpose";

  static final int MAX_ENTRIES = 64;
  static final int MAX_KEY_BYTES = 255;
  static final int MAX_VALUE_BYTES = 4096;

  private final Map<String, String> entries;
  private final byte[] canonical;
  private final byte[] sha256;

  private EncryptionContext(TreeMap<String, String> sorted) {
    this.entries = Collections.unmodifiableMap(sorted);
    this.canonical = encode(sorted);
    this.sha256 = sha256(canonical);
  }

  /**
   * Builds a context from a map of entries.
   *
   * @param entries the entries, 1 to 64, keys non-blank and at most 255 UTF-8 bytes, values at most
   *     4096 UTF-8 bytes; neither may be null
   * @return the context
   * @throws IllegalArgumentException if an entry breaks the limits above
   */
  public static EncryptionContext of(Map<String, String> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("entries must be a non-null map, got null");
    }
    if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "entries must hold 1 to " + MAX_ENTRIES + " entries, got " + entries.size());
    }
    TreeMap<String, String> sorted = new TreeMap<>(EncryptionContext::compareUtf8);
    for (Map.Entry<String, String> e : entries.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "context key must be non-blank, got " + (key == null ? "null" : "'" + key + "'"));
      }
      requireWellFormed("context key", key);
      int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
      if (keyBytes > MAX_KEY_BYTES) {
        throw new IllegalArgumentException(
            "context key must be 1 to " + MAX_KEY_BYTES + " UTF-8 bytes, got " + keyBytes);
      }
      if (value == null) {
        throw new IllegalArgumentException(
            "context value for key '" + key + "' must be non-null, got null");
      }
      requireWellFormed("context value for key '" + key + "'", value);
      int valueBytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (valueBytes > MAX_VALUE_BYTES) {
        throw new IllegalArgumentException(
            "context value for key '"
                + key
                + "' must be 0 to "
                + MAX_VALUE_BYTES
                + " UTF-8 bytes, got "
                + valueBytes);
      }
      sorted.put(key, value);
    }
    return new EncryptionContext(sorted);
  }

  /**
   * Builds a context from alternating keys and values, e.g. {@code of("subject", "c-42", "purpose",
   * "analytics")}.
   *
   * @param keysAndValues an even number (2 to 128) of strings: key, value, key, value…
   * @return the context
   * @throws IllegalArgumentException if the count is odd or an entry breaks the limits of {@link
   *     #of(Map)}, or a key repeats
   */
  public static EncryptionContext of(String... keysAndValues) {
    if (keysAndValues == null || keysAndValues.length == 0 || keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "keysAndValues must be a non-empty, even number of strings, got "
              + (keysAndValues == null ? "null" : keysAndValues.length));
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = keysAndValues[i];
      if (key != null && map.containsKey(key)) {
        throw new IllegalArgumentException("context key must be unique, got '" + key + "' twice");
      }
      if (key == null) {
        throw new IllegalArgumentException("context key must be non-blank, got null");
      }
      map.put(key, keysAndValues[i + 1]);
    }
    return of(map);
  }

  /**
   * Parses a canonical encoding.
   *
   * @param canonical bytes produced by {@link #canonicalEncoding()}
   * @return the context
   * @throws IllegalArgumentException if the bytes are not a canonical encoding
   */
  static EncryptionContext parse(byte[] canonical) {
    ByteReader r = new ByteReader(canonical);
    try {
      int n = r.u16();
      TreeMap<String, String> map = new TreeMap<>(EncryptionContext::compareUtf8);
      for (int i = 0; i < n; i++) {
        String k = new String(r.bytes(r.u16()), StandardCharsets.UTF_8);
        String v = new String(r.bytes(r.u16()), StandardCharsets.UTF_8);
        map.put(k, v);
      }
      if (r.remaining() != 0) {
        throw new IllegalArgumentException("context encoding has trailing bytes");
      }
      EncryptionContext ctx = of(map);
      if (!MessageDigest.isEqual(ctx.canonical, canonical)) {
        throw new IllegalArgumentException("context encoding is not canonical");
      }
      return ctx;
    } catch (MalformedEnvelopeException e) {
      throw new IllegalArgumentException("context encoding is truncated", e);
    }
  }

  /**
   * Returns the entries.
   *
   * @return an unmodifiable view, sorted by the keys' UTF-8 bytes
   */
  public Map<String, String> entries() {
    return entries;
  }

  /**
   * Returns the data subject, if the context names one under {@link #SUBJECT}.
   *
   * @return the subject, or empty
   */
  public Optional<String> subject() {
    return Optional.ofNullable(entries.get(SUBJECT));
  }

  /**
   * Returns the canonical encoding (a fresh copy).
   *
   * @return the bytes bound as associated data
   */
  public byte[] canonicalEncoding() {
    return canonical.clone();
  }

  byte[] canonicalUnsafe() {
    return canonical;
  }

  /** SHA-256 of the canonical encoding; not a copy, callers must not modify it. */
  byte[] sha256Unsafe() {
    return sha256;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionContext
        && MessageDigest.isEqual(canonical, ((EncryptionContext) o).canonical);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(canonical);
  }

  /**
   * Shows the entries with the subject's value hidden: contexts end up in logs, and a subject id is
   * personal data.
   *
   * @return e.g. {@code EncryptionContext{purpose=analytics, subject=<redacted>}}
   */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>(EncryptionContext::compareUtf8);
    shown.putAll(entries);
    shown.computeIfPresent(SUBJECT, (k, v) -> "<redacted>");
    return "EncryptionContext" + shown;
  }

  /** Unpaired surrogates have no UTF-8 encoding: two such strings could encode alike. */
  static void requireWellFormed(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " must be well-formed UTF-16 (no unpaired surrogate), got one at index " + i);
      }
    }
  }

  private static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] encode(TreeMap<String, String> sorted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeU16(out, sorted.size());
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
      writeU16(out, k.length);
      out.write(k, 0, k.length);
      writeU16(out, v.length);
      out.write(v, 0, v.length);
    }
    return out.toByteArray();
  }

  private static void writeU16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}

package io.privacity.core.ledger;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON-line encoding of ledger entries and their SHA-256 chain hash, in both formats.
 *
 * <p>Version 2 (written since private details exist), with no whitespace: {@code
 * {"v":2,"seq":N,"time":"ISO-8601","type":"NAME","summary":"...","details":{sorted},
 * "private":{sorted},"prev":"hex","hash":"hex"}}. Version 1 (read only): the same without the
 * {@code v} and {@code private} members. The hash is SHA-256 over the UTF-8 bytes of {@code
 * "privacity-ledger-v1\n"} or {@code "privacity-ledger-v2\n"} followed by the same JSON object
 * without its {@code hash} member, i.e. the line up to {@code ,"hash":} with {@code }} appended.
 * Decoding accepts only this exact form: a line is valid only if re-encoding what was parsed
 * reproduces it byte for byte, so no change of spelling, spacing or escaping goes unnoticed.
 */
final class LedgerCodec {
  static final String GENESIS = "0".repeat(64);

  /** The format {@link TransparencyLedger#append} writes. */
  static final int CURRENT_VERSION = 2;

  private static final HexFormat HEX = HexFormat.of();

  private LedgerCodec() {}

  private static byte[] domain(int version) {
    return ("privacity-ledger-v" + version + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The chain hash of an entry with these fields. */
  static String hash(
      int version,
      long sequence,
      Instant time,
      LedgerEventType type,
      String summary,
      Map<String, String> details,
      Map<String, String> commitments,
      String previousHash) {
    String body =
        json(version, sequence, time, type, summary, details, commitments, previousHash, null);
    return HEX.formatHex(sha256(domain(version), body.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] sha256(byte[]... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (byte[] part : parts) {
      sha256.update(part);
    }
    return sha256.digest();
  }

  /** The entry's canonical line, without the trailing newline. */
  static String json(LedgerEntry e) {
    return json(
        e.version(),
        e.sequence(),
        e.time(),
        e.type(),
        e.summary(),
        e.details(),
        e.commitments(),
        e.previousHash(),
        e.hash());
  }

  private static String json(
      int version,
      long sequence,
      Instant time,
      LedgerEventType type,
      String summary,
      Map<String, String> details,
      Map<String, String> commitments,
      String previousHash,
      String hash) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setHtmlSafe(false);
      w.beginObject();
      if (version >= 2) {
        w.name("v").value(version);
      }
      w.name("seq").value(sequence);
      w.name("time").value(time.toString());
      w.name("type").value(type.name());
      w.name("summary").value(summary);
      writeMap(w, "details", details);
      if (version >= 2) {
        writeMap(w, "private", commitments);
      }
      w.name("prev").value(previousHash);
      if (hash != null) {
        w.name("hash").value(hash);
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
    }
    return out.toString();
  }

  private static void writeMap(JsonWriter w, String name, Map<String, String> map)
      throws IOException {
    w.name(name).beginObject();
    for (Map.Entry<String, String> d : new TreeMap<>(map).entrySet()) {
      w.name(d.getKey()).value(d.getValue());
    }
    w.endObject();
  }

  /** Why a line is not a valid entry. */
  static final class MalformedLineException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLineException(String message) {
      super(message);
    }
  }

  /**
   * Decodes one line (without its newline) of {@code bytes[from, to)}; throws if it is not the
   * canonical encoding of a well-formed entry. Does not check the hash.
   */
  static LedgerEntry parse(byte[] bytes, int from, int to) throws MalformedLineException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, from, to - from))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedLineException("not valid UTF-8");
    }
    LedgerEntry entry;
    try (JsonReader r = new JsonReader(new StringReader(text))) {
      r.setStrictness(Strictness.STRICT);
      r.beginObject();
      String first = r.nextName();
      int version = 1;
      if (first.equals("v")) {
        if (r.peek() != JsonToken.NUMBER) {
          throw new MalformedLineException("field \"v\" must be a number");
        }
        version = r.nextInt();
        if (version != CURRENT_VERSION) {
          throw new MalformedLineException(
              "unknown format version " + version + " (this library reads 1 and 2)");
        }
        name(r, "seq");
      } else if (!first.equals("seq")) {
        throw new MalformedLineException("expected field \"seq\", found \"" + first + "\"");
      }
      if (r.peek() != JsonToken.NUMBER) {
        throw new MalformedLineException("field \"seq\" must be a number");
      }
      long seq = r.nextLong();
      Instant time = Instant.parse(stringField(r, "time"));
      LedgerEventType type = LedgerEventType.valueOf(stringField(r, "type"));
      String summary = stringField(r, "summary");
      Map<String, String> details = readMap(r, "details");
      Map<String, String> commitments = version >= 2 ? readMap(r, "private") : Map.of();
      String prev = stringField(r, "prev");
      String hash = stringField(r, "hash");
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new MalformedLineException("text after the JSON object");
      }
      entry = new LedgerEntry(version, seq, time, type, summary, details, commitments, prev, hash);
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new MalformedLineException("not a ledger JSON object: " + e.getMessage());
    } catch (DateTimeParseException e) {
      throw new MalformedLineException("time is not an ISO-8601 instant");
    } catch (IllegalArgumentException e) {
      throw new MalformedLineException("invalid field: " + e.getMessage());
    }
    byte[] canonical = json(entry).getBytes(StandardCharsets.UTF_8);
    if (!Arrays.equals(canonical, 0, canonical.length, bytes, from, to)) {
      throw new MalformedLineException("not in canonical form (re-encoding differs)");
    }
    return entry;
  }

  private static Map<String, String> readMap(JsonReader r, String field)
      throws IOException, MalformedLineException {
    name(r, field);
    Map<String, String> map = new TreeMap<>();
    r.beginObject();
    while (r.hasNext()) {
      String k = r.nextName();
      if (map.put(k, r.nextString()) != null) {
        throw new MalformedLineException("duplicate " + field + " key \"" + k + "\"");
      }
    }
    r.endObject();
    return map;
  }

  private static void name(JsonReader r, String expected)
      throws IOException, MalformedLineException {
    String name = r.nextName();
    if (!name.equals(expected)) {
      throw new MalformedLineException(
          "expected field \"" + expected + "\", found \"" + name + "\"");
    }
  }

  private static String stringField(JsonReader r, String expected)
      throws IOException, MalformedLineException {
    name(r, expected);
    if (r.peek() != JsonToken.STRING) {
      throw new MalformedLineException("field \"" + expected + "\" must be a string");
    }
    return r.nextString();
  }
}

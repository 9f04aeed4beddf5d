package io.privacity.anonymize.internal;

import io.privacity.anonymize.data.CsvEncodingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict decoding reader: bytes to characters in a given charset, refusing malformed or
 * unmappable input with a {@link CsvEncodingException} that names the 1-based line and the 0-based
 * byte offset in the file (never the bytes themselves: they may be personal data). A UTF-8 byte
 * order mark at the start is skipped. Counts the bytes consumed, for progress.
 *
 * <p>{@link java.io.InputStreamReader} replaces bad bytes with U+FFFD or throws a bare {@link
 * java.nio.charset.MalformedInputException} with no position; neither tells a user where the file
 * is broken. Internal: not part of the public API. Not thread-safe.
 */
public final class DecodingReader extends Reader {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final String what;
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
  private final CharBuffer chars = CharBuffer.allocate(BUFFER);

  /** Bytes of the file before {@code bytes}' position 0. */
  private long bytesBefore;

  private long lines;
  private boolean endOfInput;
  private boolean flushed;

  /**
   * Wraps a byte stream.
   *
   * @param in the bytes (closed with this reader)
   * @param charset the charset
   * @param what what is read (e.g. the file name), for messages
   * @throws IOException if the first bytes cannot be read
   */
  public DecodingReader(InputStream in, Charset charset, String what) throws IOException {
    this.in = in;
    this.what = what;
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    bytes.flip();
    chars.flip();
    if (charset.equals(StandardCharsets.UTF_8)) {
      skipByteOrderMark();
    }
  }

  /**
   * Bytes consumed from the underlying stream so far.
   *
   * @return the count
   */
  public long bytesRead() {
    return bytesBefore + bytes.limit();
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    return n;
  }

  /** Decodes more characters; false at the end of the input. */
  private boolean fill() throws IOException {
    if (flushed) {
      return false;
    }
    chars.clear();
    while (true) {
      if (!endOfInput && bytes.remaining() < 8) {
        // Refill early so that a multi-byte sequence never straddles the end of the buffer.
        readBytes();
      }
      CoderResult result = decoder.decode(bytes, chars, endOfInput);
      if (result.isError()) {
        countLines(chars.position());
        throw error(result);
      }
      if (chars.position() > 0) {
        break;
      }
      if (endOfInput) {
        decoder.flush(chars);
        if (chars.position() == 0) {
          flushed = true;
          chars.flip();
          return false;
        }
        break;
      }
    }
    countLines(chars.position());
    chars.flip();
    return true;
  }

  private void readBytes() throws IOException {
    bytesBefore += bytes.position();
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  /** Skips a UTF-8 byte order mark at the very start of the input. */
  private void skipByteOrderMark() throws IOException {
    while (!endOfInput && bytes.remaining() < 3) {
      readBytes();
    }
    if (bytes.remaining() >= 3
        && (bytes.get(0) & 0xFF) == 0xEF
        && (bytes.get(1) & 0xFF) == 0xBB
        && (bytes.get(2) & 0xFF) == 0xBF) {
      bytes.position(3);
    }
  }

  private void countLines(int upTo) {
    char[] a = chars.array();
    for (int i = 0; i < upTo; i++) {
      if (a[i] == '\n') {
        lines++;
      }
    }
  }

  private CsvEncodingException error(CoderResult result) {
    long offset = bytesBefore + bytes.position();
    return new CsvEncodingException(
        what
            + ": line "
            + (lines + 1)
            + ", byte "
            + offset
            + ": "
            + (result.isMalformed() ? "malformed" : "unmappable")
            + " "
            + decoder.charset().name()
            + " input ("
            + result.length()
            + " byte"
            + (result.length() == 1 ? "" : "s")
            + ")",
        lines + 1,
        offset,
        decoder.charset());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

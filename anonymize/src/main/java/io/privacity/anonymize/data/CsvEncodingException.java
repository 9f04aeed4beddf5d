package io.privacity.anonymize.data;

import java.nio.charset.Charset;

/**
 * A file's bytes are not valid in the charset it is read with (e.g. a Latin-1 file read as UTF-8).
 * The message names the file, the 1-based line and the 0-based byte offset of the first bad byte,
 * never the bytes or the text around them (they may be personal data).
 */
public final class CsvEncodingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The 1-based line of the first bad byte. */
  private final long line;

  /** The 0-based offset of the first bad byte in the file. */
  private final long byteOffset;

  private final transient Charset charset;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where
   * @param line the 1-based line of the first bad byte
   * @param byteOffset the 0-based offset of the first bad byte in the file
   * @param charset the charset the file was read with
   */
  public CsvEncodingException(String message, long line, long byteOffset, Charset charset) {
    super(message);
    this.line = line;
    this.byteOffset = byteOffset;
    this.charset = charset;
  }

  /**
   * The 1-based line of the first bad byte.
   *
   * @return the line
   */
  public long line() {
    return line;
  }

  /**
   * The 0-based offset of the first bad byte in the file.
   *
   * @return the byte offset
   */
  public long byteOffset() {
    return byteOffset;
  }

  /**
   * The charset the file was read with.
   *
   * @return the charset
   */
  public Charset charset() {
    return charset;
  }
}

package io.privacity.crypto.envelope;

import java.io.IOException;
import java.io.InputStream;

/** Reads envelope fields from an array or a stream; running out is a malformed envelope. */
class ByteReader {
  private final byte[] data;
  private final InputStream in;
  private int pos;

  ByteReader(byte[] data) {
    this.data = data;
    this.in = null;
  }

  ByteReader(InputStream in) {
    this.data = null;
    this.in = in;
  }

  int u8() throws MalformedEnvelopeException {
    return bytes(1)[0] & 0xFF;
  }

  int u16() throws MalformedEnvelopeException {
    byte[] b = bytes(2);
    return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
  }

  int u32() throws MalformedEnvelopeException {
    byte[] b = bytes(4);
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  byte[] bytes(int n) throws MalformedEnvelopeException {
    if (data != null) {
      if (n < 0 || n > data.length - pos) {
        throw new MalformedEnvelopeException("envelope is truncated");
      }
      byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return out;
    }
    try {
      byte[] out = in.readNBytes(n);
      if (out.length != n) {
        throw new MalformedEnvelopeException("envelope is truncated");
      }
      pos += n;
      return out;
    } catch (IOException e) {
      MalformedEnvelopeException m = new MalformedEnvelopeException("cannot read envelope header");
      m.initCause(e);
      throw m;
    }
  }

  /** Bytes consumed so far. */
  int position() {
    return pos;
  }

  /** Bytes left (array mode only). */
  int remaining() {
    return data.length - pos;
  }
}

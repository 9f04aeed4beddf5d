package io.privacity.crypto.envelope;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams about a subject that stop working once the subject is forgotten: a stream's key is
 * derived from the subject's secret when it starts, so without this check a stream begun before
 * {@link SubjectKeys#forget} would go on sealing or opening after it.
 */
final class ErasureGuard {
  private ErasureGuard() {}

  static OutputStream sealing(OutputStream out, SubjectState subject) {
    if (subject == null) {
      return out;
    }
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        check(subject);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check(subject);
        out.write(b, off, len);
      }
    };
  }

  static InputStream opening(InputStream in, SubjectState subject) {
    if (subject == null) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        check(subject);
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        check(subject);
        return in.read(b, off, len);
      }

      @Override
      public long skip(long n) throws IOException {
        check(subject);
        return in.skip(n);
      }
    };
  }

  private static void check(SubjectState subject) throws IOException {
    if (subject.isErased()) {
      throw new IOException(
          "the stream's subject was forgotten; the stream is cut", SubjectKeys.shredded());
    }
  }
}

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
    return subject == null ? out : new Sealing(out, subject);
  }

  static InputStream opening(InputStream in, SubjectState subject) {
    return subject == null ? in : new Opening(in, subject);
  }

  private static void check(SubjectState subject) throws IOException {
    if (subject.isErased()) {
      throw new IOException(
          "the stream's subject was forgotten; the stream is cut", SubjectKeys.shredded());
    }
  }

  private static final class Sealing extends FilterOutputStream {
    private final SubjectState subject;

    Sealing(OutputStream out, SubjectState subject) {
      super(out);
      this.subject = subject;
    }

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
  }

  private static final class Opening extends FilterInputStream {
    private final SubjectState subject;

    Opening(InputStream in, SubjectState subject) {
      super(in);
      this.subject = subject;
    }

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
  }
}

package io.privacity.examples;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How much heap an anonymization of a CSV file needs, estimated before the file is read (from its
 * size and the length of its first lines) and again before the search (from the table), so that the
 * command can say "run it with -Xmx…" instead of dying of {@link OutOfMemoryError}.
 *
 * <p>The model, measured on Adult-like tables (see the README's memory figures): the table costs 4
 * bytes per cell (dictionary codes), about 6 per cell while it is read (code arrays grow by half
 * their size); the search about 64 bytes per row (group-by keys, class arrays of the cached
 * generalizations, the released rows); plus 32 MiB for the JVM's own objects, and a quarter on top
 * for the garbage collector's headroom.
 */
final class HeapEstimate {
  private static final long MIB = 1 << 20;
  private static final long BASELINE = 32 * MIB;

  private HeapEstimate() {}

  /** The heap this JVM may use, in bytes. */
  static long available() {
    return Runtime.getRuntime().maxMemory();
  }

  /** Bytes needed to read a table of that shape and search it. */
  static long needed(long rows, int columns) {
    long read = rows * columns * 6L;
    long search = rows * columns * 4L + rows * 64L;
    return (Math.max(read, search) + BASELINE) * 5 / 4;
  }

  /** Rows of a CSV file, estimated from its size and its first lines (compressed or not). */
  static long estimateRows(Path file) throws IOException {
    long size = Files.size(file);
    boolean gz = file.getFileName().toString().endsWith(".gz");
    try (CountingStream counted = new CountingStream(Files.newInputStream(file));
        InputStream in =
            gz
                ? new GZIPInputStream(new BufferedInputStream(counted, 1 << 16), 1 << 16)
                : new BufferedInputStream(counted, 1 << 16)) {
      byte[] buf = new byte[1 << 16];
      long decoded = 0;
      long lines = 0;
      while (decoded < (1 << 20)) {
        int n = in.read(buf);
        if (n < 0) {
          return Math.max(0, lines - 1);
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
        decoded += n;
      }
      double compressedPerLine = counted.count / (double) Math.max(1, lines);
      return (long) (size / Math.max(1, compressedPerLine));
    }
  }

  /** "-Xmx" value that covers {@code bytes}, rounded up to 64 MiB. */
  static String xmx(long bytes) {
    long mib = (bytes + MIB - 1) / MIB;
    mib = (mib + 63) / 64 * 64;
    return mib >= 4096 && mib % 1024 == 0 ? "-Xmx" + mib / 1024 + "g" : "-Xmx" + mib + "m";
  }

  /** The heap this JVM has, as a -Xmx value (in MiB). */
  static String current() {
    return String.format(Locale.ROOT, "-Xmx%dm", available() / MIB);
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}

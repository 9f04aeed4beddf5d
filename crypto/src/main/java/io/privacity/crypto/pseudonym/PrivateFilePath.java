package io.privacity.crypto.pseudonym;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * Holder of the H2 file system ({@code privacity-private:} prefix) that creates every file of the
 * database owner-read/write only (0600) before H2 opens it: the database file, and any temporary,
 * trace or compaction file H2 may write beside it. The process umask cannot widen them.
 */
final class PrivateFilePath {
  static final String SCHEME = "privacity-private";

  static {
    FilePath.register(new Fs());
  }

  private PrivateFilePath() {}

  /** Registers the file system (once) and returns the prefix to put before a file name. */
  static String prefix() {
    return SCHEME + ":";
  }

  /**
   * The file system. Public only because H2 instantiates wrappers reflectively; the enclosing class
   * is package-private, so it is not part of the library's API.
   */
  public static final class Fs extends FilePathWrapper {
    /** For H2's reflection. */
    public Fs() {}

    @Override
    public String getScheme() {
      return SCHEME;
    }

    private void ensurePrivate() throws IOException {
      KeyFile.createPrivate(Path.of(getBase().toString()));
    }

    @Override
    public FileChannel open(String mode) throws IOException {
      if (mode.contains("w")) {
        ensurePrivate();
      }
      return super.open(mode);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
      ensurePrivate();
      return super.newOutputStream(append);
    }

    @Override
    public boolean createFile() {
      try {
        if (exists()) {
          return false;
        }
        ensurePrivate();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
      FilePath temp = super.createTempFile(suffix, inTempDir);
      // The base file system created it with default permissions and nothing in it yet.
      java.nio.file.Files.setPosixFilePermissions(
          Path.of(temp.unwrap().toString()),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      return temp;
    }
  }
}

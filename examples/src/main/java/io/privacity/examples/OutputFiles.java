package io.privacity.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files a command writes, written so that no data is ever lost: every target is checked before
 * anything is read (it is not one of the command's input files, by real path, so symbolic links,
 * {@code ./} and {@code ..} spellings and hard links are seen through; it is not a directory; its
 * directory exists and accepts a new file, proven by creating the temporary file there at once).
 * Each target is written to its temporary file in its own directory; {@link #commit()} renames all
 * of them over their targets at the end, atomically where the file system can. Until then the
 * targets are untouched; on any failure {@link #close()} deletes the temporary files and restores
 * any target already replaced, so no output appears and an existing one is kept.
 */
final class OutputFiles implements AutoCloseable {
  /** A problem with a target path given on the command line. */
  static final class TargetException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean usage;

    TargetException(String message, boolean usage) {
      super(message);
      this.usage = usage;
    }

    /** True if the command line contradicts itself (an output is an input); else environment. */
    boolean isUsageError() {
      return usage;
    }
  }

  private final List<Path> targets = new ArrayList<>();
  private final List<Path> temps = new ArrayList<>();
  private final List<Path> backups = new ArrayList<>();
  private boolean committed;

  private OutputFiles() {}

  /**
   * Checks the targets and creates their temporary files.
   *
   * @param inputs the files the command reads (existing)
   * @param outputs the files it will write, each with the option that named it
   * @throws TargetException if a target is an input, a directory, repeated, or its directory is
   *     missing or not writable
   */
  static OutputFiles prepare(List<Path> inputs, List<Named> outputs) throws TargetException {
    List<Path> realInputs = new ArrayList<>();
    for (Path in : inputs) {
      try {
        realInputs.add(in.toRealPath());
      } catch (IOException e) {
        // A missing input is reported when it is read.
      }
    }
    OutputFiles files = new OutputFiles();
    List<Path> seen = new ArrayList<>();
    try {
      for (Named out : outputs) {
        Path target = out.path.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
          throw new TargetException(
              out.option + ": the directory of " + out.path + " does not exist", false);
        }
        if (Files.isDirectory(target)) {
          throw new TargetException(out.option + ": " + out.path + " is a directory", false);
        }
        Path real = realTarget(target);
        for (int i = 0; i < realInputs.size(); i++) {
          if (same(real, realInputs.get(i))) {
            throw new TargetException(
                out.option
                    + " "
                    + out.path
                    + " is the input file "
                    + inputs.get(i)
                    + ": refusing to overwrite an input",
                true);
          }
        }
        for (Path other : seen) {
          if (same(real, other)) {
            throw new TargetException(
                out.option + " " + out.path + " is also another output of this command", true);
          }
        }
        seen.add(real);
        Path temp;
        try {
          temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
          throw new TargetException(
              out.option + ": cannot create a file in " + dir + " (" + reason(e) + ")", false);
        }
        files.targets.add(target);
        files.temps.add(temp);
        permissions(temp, target);
      }
    } catch (TargetException e) {
      files.close();
      throw e;
    }
    return files;
  }

  /**
   * Gives the temporary file the permissions the target will need: an existing target's own, else
   * those of a new file under the usual umask (rw-r--r--), not createTempFile's owner-only ones.
   */
  private static void permissions(Path temp, Path target) {
    try {
      Set<PosixFilePermission> p =
          Files.exists(target)
              ? Files.getPosixFilePermissions(target)
              : PosixFilePermissions.fromString("rw-r--r--");
      Files.setPosixFilePermissions(temp, p);
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the default permissions apply.
    }
  }

  /** The real path of a target that may not exist yet: its directory's real path + its name. */
  private static Path realTarget(Path target) throws TargetException {
    try {
      if (Files.exists(target)) {
        return target.toRealPath();
      }
      return target.getParent().toRealPath().resolve(target.getFileName());
    } catch (IOException e) {
      throw new TargetException("cannot resolve " + target + " (" + reason(e) + ")", false);
    }
  }

  private static boolean same(Path a, Path b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      // Hard links: same file under two names.
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** The temporary file to write for the i-th target. */
  Path temp(int i) {
    return temps.get(i);
  }

  /**
   * Renames every temporary file over its target. If one rename fails, the targets already replaced
   * get their previous content back (kept aside under a temporary name until then).
   *
   * @throws UncheckedIOException if a rename fails (after restoring)
   */
  void commit() {
    try {
      for (int i = 0; i < targets.size(); i++) {
        Path target = targets.get(i);
        Path backup = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          backup =
              Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".old");
          move(target, backup);
        }
        backups.add(backup);
        move(temps.get(i), target);
        temps.set(i, null);
      }
      committed = true;
      for (Path b : backups) {
        if (b != null) {
          Files.deleteIfExists(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the output into place: " + reason(e), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the temporary files; after a failed commit, restores the replaced targets. */
  @Override
  public void close() {
    if (!committed) {
      for (int i = 0; i < backups.size(); i++) {
        Path b = backups.get(i);
        try {
          if (temps.get(i) == null) {
            // This target was replaced: undo.
            if (b != null) {
              move(b, targets.get(i));
            } else {
              Files.deleteIfExists(targets.get(i));
            }
          } else if (b != null) {
            move(b, targets.get(i));
          }
        } catch (IOException e) {
          // Best effort: the backup stays beside the target under its temporary name.
        }
      }
    }
    for (Path t : temps) {
      if (t != null) {
        try {
          Files.deleteIfExists(t);
        } catch (IOException e) {
          // Nothing more to do: the target was never touched.
        }
      }
    }
  }

  static String reason(Exception e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** A target and the option that named it. */
  record Named(String option, Path path) {}
}

package io.privacity.crypto.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A test store that survives a restart: one file per record ({@code <ref>.<bucket>}) and one per
 * forgotten subject. It deletes files the plain way, i.e. it does not erase: the key tree must not
 * need it to. Each write is atomic (a temp file, then a rename), as a database writes a row.
 */
final class FileSubjectKeyStore implements SubjectKeyStore {
  private final Path dir;

  FileSubjectKeyStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<Path> find(String ref) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(ref + ".b") && !n.endsWith(".tmp"))
          .map(dir::resolve)
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized Optional<byte[]> load(String subjectRef) {
    return find(subjectRef).map(FileSubjectKeyStore::read);
  }

  @Override
  public synchronized byte[] putIfAbsent(String subjectRef, int bucket, byte[] record) {
    Optional<byte[]> existing = load(subjectRef);
    if (existing.isPresent()) {
      return existing.get();
    }
    write(dir.resolve(subjectRef + ".b" + bucket), record);
    return record.clone();
  }

  @Override
  public synchronized Map<String, byte[]> loadBucket(int bucket) {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".b" + bucket))
          .forEach(p -> out.put(p.getFileName().toString().split("\\.")[0], read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public synchronized void replace(String subjectRef, byte[] record) {
    find(subjectRef).ifPresent(p -> write(p, record));
  }

  @Override
  public synchronized boolean delete(String subjectRef) {
    write(dir.resolve(subjectRef + ".forgotten"), new byte[0]);
    Optional<Path> p = find(subjectRef);
    p.ifPresent(
        f -> {
          try {
            Files.delete(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return p.isPresent();
  }

  @Override
  public synchronized boolean isForgotten(String subjectRef) {
    return Files.exists(dir.resolve(subjectRef + ".forgotten"));
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes atomically (a database writes a row whole): a temp file, then a rename. */
  private static void write(Path p, byte[] b) {
    try {
      Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
      Files.write(tmp, b);
      Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

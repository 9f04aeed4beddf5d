package io.privacity.crypto.keys;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link SubjectKeyStore#inMemory()}: maps guarded by this object's monitor. */
final class InMemorySubjectKeyStore implements SubjectKeyStore {
  private record Entry(int bucket, byte[] record) {}

  private final Map<String, Entry> records = new HashMap<>();
  private final Map<Integer, Set<String>> buckets = new HashMap<>();
  private final Set<String> forgotten = new HashSet<>();

  @Override
  public synchronized Optional<byte[]> load(String subjectRef) {
    Entry e = records.get(subjectRef);
    return e == null ? Optional.empty() : Optional.of(e.record.clone());
  }

  @Override
  public synchronized byte[] putIfAbsent(String subjectRef, int bucket, byte[] record) {
    Entry e = records.get(subjectRef);
    if (e != null) {
      return e.record.clone();
    }
    records.put(subjectRef, new Entry(bucket, record.clone()));
    buckets.computeIfAbsent(bucket, b -> new HashSet<>()).add(subjectRef);
    return record.clone();
  }

  @Override
  public synchronized Map<String, byte[]> loadBucket(int bucket) {
    Map<String, byte[]> out = new HashMap<>();
    for (String ref : buckets.getOrDefault(bucket, Set.of())) {
      out.put(ref, records.get(ref).record.clone());
    }
    return out;
  }

  @Override
  public synchronized void replace(String subjectRef, byte[] record) {
    Entry e = records.get(subjectRef);
    if (e != null) {
      Arrays.fill(e.record, (byte) 0);
      records.put(subjectRef, new Entry(e.bucket, record.clone()));
    }
  }

  @Override
  public synchronized boolean delete(String subjectRef) {
    forgotten.add(subjectRef);
    Entry e = records.remove(subjectRef);
    if (e == null) {
      return false;
    }
    Arrays.fill(e.record, (byte) 0);
    buckets.get(e.bucket).remove(subjectRef);
    return true;
  }

  @Override
  public synchronized boolean isForgotten(String subjectRef) {
    return forgotten.contains(subjectRef);
  }

  @Override
  public synchronized String toString() {
    return "SubjectKeyStore.inMemory{" + records.size() + " subjects}";
  }
}

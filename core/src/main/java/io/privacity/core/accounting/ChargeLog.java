package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only log of charges in parallel arrays (label and loss references, time as primitive
 * seconds and nanoseconds), so that an accountant holding millions of charges keeps no per-charge
 * object alive: the garbage collector then has little to copy, and charging stays fast. Not
 * thread-safe; the accountant guards it with its lock.
 */
final class ChargeLog {
  private String[] labels = new String[16];
  private PrivacyLoss[] losses = new PrivacyLoss[16];
  private long[] seconds = new long[16];
  private int[] nanos = new int[16];
  private int size;

  void add(Charge charge) {
    if (size == labels.length) {
      int capacity = Math.max(16, size + (size >> 1));
      if (capacity < 0) {
        throw new IllegalStateException("charge log is full at " + size + " charges");
      }
      labels = Arrays.copyOf(labels, capacity);
      losses = Arrays.copyOf(losses, capacity);
      seconds = Arrays.copyOf(seconds, capacity);
      nanos = Arrays.copyOf(nanos, capacity);
    }
    labels[size] = charge.label();
    losses[size] = charge.loss();
    seconds[size] = charge.time().getEpochSecond();
    nanos[size] = charge.time().getNano();
    size++;
  }

  int size() {
    return size;
  }

  Charge get(int index) {
    return new Charge(
        labels[index], losses[index], Instant.ofEpochSecond(seconds[index], nanos[index]));
  }

  /** An immutable copy, oldest first. */
  List<Charge> toList() {
    List<Charge> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(get(i));
    }
    return List.copyOf(list);
  }
}

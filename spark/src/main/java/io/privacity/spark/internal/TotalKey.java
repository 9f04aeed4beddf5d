package io.privacity.spark.internal;

/** The one partition key of an ungrouped release (the whole dataset). */
public enum TotalKey {
  /** The key. */
  INSTANCE;

  @Override
  public String toString() {
    return "total";
  }
}

package io.privacity.anonymize.internal;

import io.privacity.anonymize.data.Column;
import java.util.function.Function;

/**
 * Read access to a {@link Column}'s code array without a copy, for the algorithms of this module (a
 * copy of every quasi-identifier's codes would double the memory of a search over 10^7 rows).
 * Callers must never write to the array. Internal: not part of the public API.
 */
public final class ColumnCodes {
  private static volatile Function<Column, int[]> access;

  private ColumnCodes() {}

  /**
   * Installed once by {@link Column}'s static initializer.
   *
   * @param reader the accessor
   */
  public static void install(Function<Column, int[]> reader) {
    if (access != null) {
      throw new IllegalStateException("already installed");
    }
    access = reader;
  }

  /**
   * The column's codes, shared: do not modify.
   *
   * @param column the column
   * @return its code array
   */
  public static int[] shared(Column column) {
    return access.apply(column);
  }
}

package io.privacity.crypto.pseudonym;

import java.time.Instant;

/**
 * How often a domain's pseudonym key changes. Pseudonyms of one identity in different epochs are
 * unrelated (each epoch has its own key, derived by HKDF), so a daily rotation stops day-to-day
 * linking of a licence plate's trips while keeping counts within a day exact.
 *
 * <p>Epochs are computed in UTC: a day starts at 00:00Z, a week on Monday 00:00Z (ISO 8601).
 */
public enum EpochRotation {
  /** One epoch forever: pseudonyms are stable and link all records of an identity. */
  NEVER,
  /** A new epoch each UTC day. */
  DAILY,
  /** A new epoch each ISO week (Monday 00:00 UTC). */
  WEEKLY;

  /**
   * The epoch number containing {@code time}: 0 for {@link #NEVER}, days since 1970-01-01 for
   * {@link #DAILY}, Monday-based weeks since the week containing 1970-01-01 for {@link #WEEKLY}.
   *
   * @param time the instant
   * @return the epoch number
   * @throws IllegalArgumentException if {@code time} is null
   */
  public long epochOf(Instant time) {
    if (time == null) {
      throw new IllegalArgumentException("time must not be null");
    }
    long day = Math.floorDiv(time.getEpochSecond(), 86_400L);
    switch (this) {
      case NEVER:
        return 0;
      case DAILY:
        return day;
      default:
        // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
        return Math.floorDiv(day + 3, 7);
    }
  }
}

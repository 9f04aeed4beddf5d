package io.privacity.anonymize.hierarchy;

/**
 * Levels of a date/time hierarchy built by {@link Hierarchies#dateTime}, finest first. Each level
 * nests in the next: an hour in a day, a day in a week, a week in a month, a month in a year.
 */
public enum TimeGranularity {
  /** The hour, e.g. {@code 2014-01-01T14}; needs date-time values. */
  HOUR,
  /** The day, e.g. {@code 2014-01-01}. */
  DAY,
  /**
   * The week of the month, days 1–7, 8–14, 15–21, 22–28 and 29–31, e.g. {@code 2014-01/W2} for 8–14
   * January. Calendar (ISO) weeks straddle months, so they would not nest in months.
   */
  WEEK,
  /** The month, e.g. {@code 2014-01}. */
  MONTH,
  /** The year, e.g. {@code 2014}. */
  YEAR
}

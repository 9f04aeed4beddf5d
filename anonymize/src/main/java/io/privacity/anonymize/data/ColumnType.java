package io.privacity.anonymize.data;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The type of a {@link Column}'s values. Values are always kept as their original text (so that
 * they can be looked up in a generalization hierarchy verbatim); the type validates them when the
 * column is built, orders the column's dictionary, and gives each value a numeric position ({@link
 * #toNumber(String)}) for algorithms that split or aggregate ranges.
 *
 * <p>In every type the empty string means "missing": it is accepted, sorts first and has the
 * numeric position {@link Double#NaN}.
 */
public enum ColumnType {
  /** Free text; ordered lexicographically (by {@link String#compareTo}). */
  STRING,
  /** Whole numbers that fit in a {@code long}, e.g. {@code 42}, {@code -7}. */
  INTEGER,
  /** Decimal numbers, e.g. {@code 3.25}, {@code -1e3}; NaN and infinities are rejected. */
  DECIMAL,
  /** ISO-8601 local dates, {@code yyyy-MM-dd}; numeric position = days since 1970-01-01. */
  DATE,
  /**
   * ISO-8601 local date-times, {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]}, with {@code T} or a space
   * between date and time; numeric position = seconds since 1970-01-01T00:00 (as if UTC).
   */
  DATE_TIME;

  /**
   * Tells whether a text is a valid value of this type (the empty string, "missing", always is).
   *
   * @param value the text
   * @return whether {@link #toNumber(String)} would accept it
   */
  public boolean accepts(String value) {
    if (value == null) {
      return false;
    }
    try {
      toNumber(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The numeric position of a value: the number itself for {@link #INTEGER} and {@link #DECIMAL},
   * epoch days for {@link #DATE}, epoch seconds for {@link #DATE_TIME}; {@link Double#NaN} for
   * {@link #STRING} values and for the empty string (missing).
   *
   * @param value the text
   * @return its numeric position
   * @throws IllegalArgumentException if the text is not a value of this type
   */
  public double toNumber(String value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    if (this == STRING || value.isEmpty()) {
      return Double.NaN;
    }
    try {
      switch (this) {
        case INTEGER:
          return Long.parseLong(value.trim());
        case DECIMAL:
          double d = new BigDecimal(value.trim()).doubleValue();
          if (!Double.isFinite(d)) {
            throw new NumberFormatException("out of range");
          }
          return d;
        case DATE:
          return LocalDate.parse(value.trim()).toEpochDay();
        case DATE_TIME:
          return parseDateTime(value).toEpochSecond(ZoneOffset.UTC);
        default:
          throw new AssertionError(this);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\"" + value + "\" is not a valid " + this + " value (" + expected() + ")", e);
    }
  }

  /**
   * Parses an ISO-8601 local date-time with {@code T} or a space between date and time.
   *
   * @param value the text
   * @return the date-time
   * @throws DateTimeParseException if the text is not a date-time
   */
  static LocalDateTime parseDateTime(String value) {
    String v = value.trim();
    if (v.length() > 10 && v.charAt(10) == ' ') {
      v = v.substring(0, 10) + 'T' + v.substring(11);
    }
    return LocalDateTime.parse(v);
  }

  private String expected() {
    switch (this) {
      case INTEGER:
        return "a whole number";
      case DECIMAL:
        return "a finite decimal number";
      case DATE:
        return "yyyy-MM-dd";
      case DATE_TIME:
        return "yyyy-MM-dd HH:mm[:ss]";
      default:
        return "text";
    }
  }
}

package io.privacity.anonymize.data;

/**
 * What an attribute (column) means for disclosure, and so what anonymization does with it. The
 * terms follow ARX and the statistical-disclosure-control literature (Hundepool et al.,
 * <i>Statistical Disclosure Control</i>, 2012).
 */
public enum AttributeRole {
  /**
   * Directly identifies a person (name, national id, plate, card number): removed from the output.
   * This is the safe default for columns that were not given a role.
   */
  IDENTIFYING,
  /**
   * Identifies a person in combination with other data (age, postal code, sex, time, place):
   * generalized (and, in suppressed records, removed) until the privacy models hold.
   */
  QUASI_IDENTIFYING,
  /**
   * The information to protect (diagnosis, salary): released unchanged, but its distribution in
   * each equivalence class is constrained by ℓ-diversity or t-closeness.
   */
  SENSITIVE,
  /** Neither identifying nor sensitive: released unchanged. */
  INSENSITIVE
}

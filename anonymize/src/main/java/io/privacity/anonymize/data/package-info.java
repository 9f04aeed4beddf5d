/**
 * Tables for anonymization: columnar, dictionary-encoded {@link io.privacity.anonymize.data.Table}s
 * of typed {@link io.privacity.anonymize.data.Column}s, CSV input and output with any delimiter
 * ({@link io.privacity.anonymize.data.Csv}), and the {@link
 * io.privacity.anonymize.data.AttributeRole} of each column.
 */
package io.privacity.anonymize.data;

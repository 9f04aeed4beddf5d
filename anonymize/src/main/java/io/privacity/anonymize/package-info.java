/**
 * Privacity anonymize: anonymization of tables for release.
 *
 * <ul>
 *   <li>{@link io.privacity.anonymize.data}: columnar, dictionary-encoded tables and CSV I/O;
 *   <li>{@link io.privacity.anonymize.hierarchy}: generalization hierarchies (ARX format,
 *       builders);
 *   <li>{@link io.privacity.anonymize.model}: k-anonymity, ℓ-diversity, t-closeness;
 *   <li>{@link io.privacity.anonymize.algorithm}: optimal full-domain generalization (lattice
 *       search);
 *   <li>{@link io.privacity.anonymize.metric}: information loss and re-identification risk.
 * </ul>
 */
package io.privacity.anonymize;

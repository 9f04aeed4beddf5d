/**
 * Privacity anonymization of tables: generalization hierarchies, k-anonymity, l-diversity,
 * t-closeness, optimal lattice search, Mondrian, MDAV, risk and utility metrics, masking.
 */
module io.privacity.anonymize {
  requires transitive io.privacity.core;
  requires org.apache.commons.csv;
  requires org.apache.commons.io;

  exports io.privacity.anonymize.algorithm;
  exports io.privacity.anonymize.data;
  exports io.privacity.anonymize.hierarchy;
  exports io.privacity.anonymize.mask;
  exports io.privacity.anonymize.metric;
  exports io.privacity.anonymize.model;
}

/**
 * Optimal full-domain generalization: {@link io.privacity.anonymize.algorithm.Anonymizer} searches
 * the generalization lattice (Flash-like predictive tagging by monotonicity, with a roll-up cache
 * of equivalence classes) for the generalization with the least information loss that satisfies the
 * privacy models within a record suppression limit, and returns an {@link
 * io.privacity.anonymize.algorithm.AnonymizationResult}.
 */
package io.privacity.anonymize.algorithm;

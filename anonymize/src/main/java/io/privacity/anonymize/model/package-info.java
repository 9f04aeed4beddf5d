/**
 * Syntactic privacy models for released tables: {@link io.privacity.anonymize.model.KAnonymity},
 * {@link io.privacity.anonymize.model.LDiversity} (distinct, entropy, recursive (c,ℓ)) and {@link
 * io.privacity.anonymize.model.TCloseness} (equal, ordered and hierarchical EMD). Each states
 * whether it is monotone under generalization with record suppression, which decides how far the
 * optimal lattice search may prune.
 */
package io.privacity.anonymize.model;

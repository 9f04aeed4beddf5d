/**
 * The transparency ledger: an append-only, SHA-256 hash-chained record of privacy events (releases
 * with their guarantees, budget charges, re-identifications, refused accesses, key rotations,
 * erasures), stored in memory or as a crash-safe JSON-lines file. See {@link
 * io.privacity.core.ledger.TransparencyLedger} for the format and the threat model.
 */
package io.privacity.core.ledger;

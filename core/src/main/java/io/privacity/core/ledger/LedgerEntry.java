package io.privacity.core.ledger;

import io.privacity.core.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One record of the {@link TransparencyLedger}: an immutable value.
 *
 * <p>{@link #hash()} is SHA-256 over a canonical encoding of every other component, including
 * {@link #previousHash()}, so each entry commits to the whole history before it (see {@link
 * TransparencyLedger} for the exact encoding). Constructing an entry does not check its hash;
 * {@link #hashIsValid()} does.
 *
 * <p>{@link #details()} are public: the ledger is meant to be published whole. Facts that must not
 * be public (pseudonym tokens, subject references, free-text justifications that may name people)
 * are held only as keyed commitments in {@link #commitments()}: the chain covers them, and a holder
 * of the ledger's {@link LedgerCommitmentKey} can check a claimed value with {@link
 * LedgerCommitmentKey#opens(LedgerEntry, String, String)}; no one else learns anything from them.
 *
 * @param version the line format, 1 (read only; no commitments) or 2 (written since commitments
 *     exist), see {@code docs/ledger-format.md}
 * @param sequence position in the ledger, from 0
 * @param time when it was appended (the ledger's clock, UTC)
 * @param type what kind of event
 * @param summary a one-line, human-readable description; not blank; public
 * @param details structured public facts, e.g. {@code guarantee} → a guarantee's JSON; stored
 *     sorted by key, immutable
 * @param commitments private facts by name, each as a commitment string {@code
 *     hmac-sha256:KEYID:NONCE:TAG}; sorted by key, immutable; empty in version 1
 * @param previousHash the hash of entry {@code sequence - 1}, or 64 zeros for the first entry
 * @param hash this entry's hash, 64 lowercase hex digits
 */
public record LedgerEntry(
    int version,
    long sequence,
    Instant time,
    LedgerEventType type,
    String summary,
    Map<String, String> details,
    Map<String, String> commitments,
    String previousHash,
    String hash) {

  /**
   * Validates and freezes the components.
   *
   * @param version 1 or 2
   * @param sequence position in the ledger, &gt;= 0
   * @param time when it was appended
   * @param type what kind of event
   * @param summary a one-line description; not blank
   * @param details structured public facts; copied and sorted by key
   * @param commitments commitments to private facts; copied and sorted by key; empty for version 1
   * @param previousHash the previous entry's hash (64 zeros for the first)
   * @param hash this entry's hash
   * @throws IllegalArgumentException if the version is not 1 or 2, sequence is negative, a
   *     component is null, summary is blank, a details key or value is null, a string is not valid
   *     Unicode, a commitment is malformed, a name is both public and private, a version 1 entry
   *     has commitments, or a hash is not 64 lowercase hex digits
   */
  public LedgerEntry {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 or 2, got " + version);
    }
    Checks.inRange("sequence", sequence, 0, Long.MAX_VALUE);
    Checks.notNull("time", time);
    Checks.notNull("type", type);
    checkText("summary", Checks.nonBlank("summary", summary));
    details = freeze(details);
    commitments = freeze("commitments", commitments);
    for (Map.Entry<String, String> c : commitments.entrySet()) {
      LedgerCommitmentKey.checkCommitment(c.getKey(), c.getValue());
      if (details.containsKey(c.getKey())) {
        throw new IllegalArgumentException(
            "\"" + c.getKey() + "\" must not be both a public detail and a commitment");
      }
    }
    if (version == 1 && !commitments.isEmpty()) {
      throw new IllegalArgumentException(
          "commitments must be empty in a version 1 entry, got " + commitments.keySet());
    }
    checkHash("previousHash", previousHash);
    checkHash("hash", hash);
  }

  /**
   * A version 1 entry (no commitments), as files written before version 2 hold.
   *
   * @param sequence position in the ledger, &gt;= 0
   * @param time when it was appended
   * @param type what kind of event
   * @param summary a one-line description; not blank
   * @param details structured facts; copied and sorted by key
   * @param previousHash the previous entry's hash (64 zeros for the first)
   * @param hash this entry's hash
   * @throws IllegalArgumentException as the canonical constructor
   */
  public LedgerEntry(
      long sequence,
      Instant time,
      LedgerEventType type,
      String summary,
      Map<String, String> details,
      String previousHash,
      String hash) {
    this(1, sequence, time, type, summary, details, Map.of(), previousHash, hash);
  }

  /**
   * Whether {@link #hash()} matches the other components.
   *
   * @return true if the hash is the SHA-256 of this entry's canonical encoding
   */
  public boolean hashIsValid() {
    return hash.equals(
        LedgerCodec.hash(
            version, sequence, time, type, summary, details, commitments, previousHash));
  }

  /**
   * The entry's canonical JSON line (without line terminator), as a file ledger stores it.
   *
   * @return the JSON text
   */
  public String toJson() {
    return LedgerCodec.json(this);
  }

  static SortedMap<String, String> freeze(Map<String, String> details) {
    return freeze("details", details);
  }

  static SortedMap<String, String> freeze(String what, Map<String, String> details) {
    Checks.notNull(what, details);
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException(what + " must not contain a null key");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            what + " value for key \"" + e.getKey() + "\" must not be null");
      }
      checkText(what + " key", e.getKey());
      checkText(what + " value for key \"" + e.getKey() + "\"", e.getValue());
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  /** Lone surrogates cannot be encoded in UTF-8, so they would not survive a round trip. */
  static String checkText(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            name + " must be valid Unicode, got an unpaired surrogate at index " + i);
      }
    }
    return value;
  }

  private static void checkHash(String name, String value) {
    Checks.notNull(name, value);
    if (value.length() != 64
        || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException(
          name + " must be 64 lowercase hex digits (a SHA-256), got \"" + value + "\"");
    }
  }
}

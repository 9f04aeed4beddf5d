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
 * @param sequence position in the ledger, from 0
 * @param time when it was appended (the ledger's clock, UTC)
 * @param type what kind of event
 * @param summary a one-line, human-readable description; not blank
 * @param details structured facts, e.g. {@code guarantee} → a guarantee's JSON; stored sorted by
 *     key, immutable
 * @param previousHash the hash of entry {@code sequence - 1}, or 64 zeros for the first entry
 * @param hash this entry's hash, 64 lowercase hex digits
 */
public record LedgerEntry(
    long sequence,
    Instant time,
    LedgerEventType type,
    String summary,
    Map<String, String> details,
    String previousHash,
    String hash) {

  /**
   * Validates and freezes the components.
   *
   * @param sequence position in the ledger, &gt;= 0
   * @param time when it was appended
   * @param type what kind of event
   * @param summary a one-line description; not blank
   * @param details structured facts; copied and sorted by key
   * @param previousHash the previous entry's hash (64 zeros for the first)
   * @param hash this entry's hash
   * @throws IllegalArgumentException if sequence is negative, a component is null, summary is
   *     blank, a details key or value is null, a string is not valid Unicode, or a hash is not 64
   *     lowercase hex digits
   */
  public LedgerEntry {
    Checks.inRange("sequence", sequence, 0, Long.MAX_VALUE);
    Checks.notNull("time", time);
    Checks.notNull("type", type);
    checkText("summary", Checks.nonBlank("summary", summary));
    details = freeze(details);
    checkHash("previousHash", previousHash);
    checkHash("hash", hash);
  }

  /**
   * Whether {@link #hash()} matches the other components.
   *
   * @return true if the hash is the SHA-256 of this entry's canonical encoding
   */
  public boolean hashIsValid() {
    return hash.equals(LedgerCodec.hash(sequence, time, type, summary, details, previousHash));
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
    Checks.notNull("details", details);
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("details must not contain a null key");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            "details value for key \"" + e.getKey() + "\" must not be null");
      }
      checkText("details key", e.getKey());
      checkText("details value for key \"" + e.getKey() + "\"", e.getValue());
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

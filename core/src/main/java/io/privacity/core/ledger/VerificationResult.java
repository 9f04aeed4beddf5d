package io.privacity.core.ledger;

import java.util.Optional;

/**
 * The outcome of {@link TransparencyLedger#verify()}: either the whole stored chain checks out, or
 * the first place where it does not, and what is wrong there.
 *
 * <p>Line numbers count lines of the stored log from 1; sequence numbers are the entries' own, from
 * 0. The classification is a best guess from the evidence (a line removed and one swapped can look
 * alike); that something is wrong at that line is certain.
 */
public final class VerificationResult {

  /** What is wrong at the first bad line. */
  public enum Problem {
    /**
     * A line's contents do not match its hash, it is not a valid entry, or the chain link to the
     * previous entry is broken.
     */
    MODIFIED,
    /** Entries are missing: a line holds a later sequence number than expected. */
    REMOVED,
    /**
     * A line that does not belong: a duplicate, a second entry for a sequence number, a foreign
     * line between two that chain correctly, or entries beyond the head this ledger holds.
     */
    INSERTED,
    /** Entries are present but out of order. */
    REORDERED,
    /** The log ends before the head this ledger holds: entries at the end are gone. */
    TRUNCATED,
    /**
     * The last line is incomplete (no line terminator, or not a valid entry), typically a crash
     * during an append; see {@link TransparencyLedger#repairTornTail()}.
     */
    TORN,
    /**
     * The published head given to {@link TransparencyLedger#verify(String)} is not in the log: the
     * log was truncated before it or rewritten.
     */
    HEAD_NOT_FOUND,
    /**
     * A signed checkpoint given to {@link TransparencyLedger#verifyCopy(java.nio.file.Path,
     * LedgerPublicKey, LedgerCheckpoint)} is not valid: its signature does not verify under the
     * given key, it names another key, or a later checkpoint is smaller or older than an earlier
     * one. The log itself was not trusted on its word ({@link #line()} is 0).
     */
    BAD_CHECKPOINT
  }

  private final Problem problem;
  private final long line;
  private final long sequence;
  private final String detail;
  private final long validEntries;
  private final String validHead;
  private final long offset;

  private VerificationResult(
      Problem problem,
      long line,
      long sequence,
      String detail,
      long validEntries,
      String validHead,
      long offset) {
    this.problem = problem;
    this.line = line;
    this.sequence = sequence;
    this.detail = detail;
    this.validEntries = validEntries;
    this.validHead = validHead;
    this.offset = offset;
  }

  static VerificationResult ok(long entries, String head) {
    return new VerificationResult(null, 0, -1, "ok", entries, head, -1);
  }

  static VerificationResult failed(
      Problem problem,
      long line,
      long sequence,
      String detail,
      long validEntries,
      String validHead,
      long offset) {
    return new VerificationResult(problem, line, sequence, detail, validEntries, validHead, offset);
  }

  /**
   * Whether every stored entry verified and the chain ends at the expected head.
   *
   * @return true if nothing is wrong
   */
  public boolean isOk() {
    return problem == null;
  }

  /**
   * What is wrong, if anything.
   *
   * @return the problem, or empty when {@link #isOk()}
   */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * The 1-based line of the stored log where the first problem is.
   *
   * @return the line, or 0 when {@link #isOk()}
   */
  public long line() {
    return line;
  }

  /**
   * The sequence number expected at the first problem (the first entry that cannot be trusted).
   *
   * @return the sequence number, or -1 when {@link #isOk()}
   */
  public long sequence() {
    return sequence;
  }

  /**
   * A human-readable explanation.
   *
   * @return what was found, or {@code "ok"}
   */
  public String detail() {
    return detail;
  }

  /**
   * How many entries at the start of the log verified before the first problem (all of them when
   * {@link #isOk()}).
   *
   * @return the count of trusted entries
   */
  public long validEntries() {
    return validEntries;
  }

  /**
   * The hash of the last trusted entry (64 zeros if none).
   *
   * @return the head of the verified prefix
   */
  public String validHead() {
    return validHead;
  }

  /** Byte offset of the first bad line in the stored log, -1 when ok. */
  long offset() {
    return offset;
  }

  @Override
  public String toString() {
    return isOk()
        ? "VerificationResult[ok, " + validEntries + " entries, head " + validHead + "]"
        : "VerificationResult["
            + problem
            + (line > 0 ? " at line " + line + " (sequence " + sequence + ")" : "")
            + ": "
            + detail
            + "]";
  }
}

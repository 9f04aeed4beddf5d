package io.privacity.core.ledger;

import io.privacity.core.ledger.VerificationResult.Problem;
import java.util.List;

/** Checks a stored log against signed checkpoints (see {@link LedgerCheckpoint}). */
final class CheckpointVerifier {
  private CheckpointVerifier() {}

  /**
   * Verifies the signatures, the order of the checkpoints (each no smaller and no older than the
   * one before), the log itself, and that the log holds each checkpoint's head at its position.
   */
  static VerificationResult verify(
      byte[] log, LedgerPublicKey key, List<LedgerCheckpoint> checkpoints) {
    for (int i = 0; i < checkpoints.size(); i++) {
      LedgerCheckpoint c = checkpoints.get(i);
      String which =
          checkpoints.size() == 1
              ? "the checkpoint"
              : (i == 0 ? "the earlier" : "the later") + " checkpoint";
      if (!c.keyId().equals(key.keyId())) {
        return bad(which + " names key " + c.keyId() + ", not the given key " + key.keyId());
      }
      if (!c.isSignedBy(key)) {
        return bad(which + "'s signature does not verify under key " + key.keyId());
      }
      if (i > 0) {
        LedgerCheckpoint before = checkpoints.get(i - 1);
        if (c.size() < before.size()) {
          return bad(
              "the later checkpoint has "
                  + c.size()
                  + " entries, fewer than the earlier one's "
                  + before.size()
                  + ": the log shrank");
        }
        if (c.time().isBefore(before.time())) {
          return bad(
              "the later checkpoint was signed at "
                  + c.time()
                  + ", before the earlier one ("
                  + before.time()
                  + ")");
        }
      }
    }
    LedgerVerifier.Scan scan = LedgerVerifier.scan(log);
    if (!scan.result().isOk()) {
      return scan.result();
    }
    List<LedgerEntry> entries = scan.entries();
    for (LedgerCheckpoint c : checkpoints) {
      VerificationResult r = holdsHead(entries, scan.result(), c);
      if (!r.isOk()) {
        return r;
      }
    }
    return scan.result();
  }

  private static VerificationResult holdsHead(
      List<LedgerEntry> entries, VerificationResult own, LedgerCheckpoint c) {
    long size = c.size();
    if (size > entries.size()) {
      return VerificationResult.failed(
          Problem.HEAD_NOT_FOUND,
          entries.size() + 1,
          entries.size(),
          "the checkpoint signed "
              + size
              + " entries but the log holds "
              + entries.size()
              + ": it was truncated",
          entries.size(),
          own.validHead(),
          -1);
    }
    String at = size == 0 ? LedgerCodec.GENESIS : entries.get((int) (size - 1)).hash();
    if (!at.equals(c.head())) {
      return VerificationResult.failed(
          Problem.HEAD_NOT_FOUND,
          size,
          size - 1,
          "entry "
              + (size - 1)
              + " has hash "
              + at
              + " but the checkpoint signed head "
              + c.head()
              + ": the log was rewritten, or the operator signed a fork",
          size - 1,
          size == 1 ? LedgerCodec.GENESIS : entries.get((int) (size - 2)).hash(),
          -1);
    }
    return own;
  }

  private static VerificationResult bad(String detail) {
    return VerificationResult.failed(
        Problem.BAD_CHECKPOINT, 0, -1, detail, 0, LedgerCodec.GENESIS, -1);
  }
}

package io.privacity.core.ledger;

import io.privacity.core.ledger.VerificationResult.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks a stored log: every line canonical, every hash right, every link and number in order. */
final class LedgerVerifier {
  private LedgerVerifier() {}

  /** One stored line, parsed or not. */
  private record Line(int start, int end, boolean terminated, LedgerEntry entry, String error) {
    boolean valid() {
      return entry != null && error == null;
    }
  }

  /** The result of a scan: the verdict and the entries that verified, in order. */
  record Scan(VerificationResult result, List<LedgerEntry> entries) {}

  static Scan scan(byte[] log) {
    List<Line> lines = split(log);
    Map<String, Integer> firstLineOfHash = new HashMap<>();
    Map<String, Integer> hashCount = new HashMap<>();
    Map<Long, Integer> firstLineOfSeq = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.valid()) {
        firstLineOfHash.putIfAbsent(l.entry().hash(), i);
        hashCount.merge(l.entry().hash(), 1, Integer::sum);
        firstLineOfSeq.putIfAbsent(l.entry().sequence(), i);
      }
    }
    List<LedgerEntry> good = new ArrayList<>();
    String prev = LedgerCodec.GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      long expected = good.size();
      boolean last = i == lines.size() - 1;
      if (last && (!l.terminated() || l.entry() == null)) {
        String why = !l.terminated() ? "no line terminator" : l.error();
        return fail(Problem.TORN, i, expected, "incomplete last line: " + why, good, prev, l);
      }
      if (!l.valid()) {
        if (continuesChain(lines, i + 1, expected, prev)) {
          return fail(
              Problem.INSERTED, i, expected, "foreign line (" + l.error() + ")", good, prev, l);
        }
        return fail(Problem.MODIFIED, i, expected, l.error(), good, prev, l);
      }
      LedgerEntry e = l.entry();
      long seq = e.sequence();
      if (!good.isEmpty() && e.version() < good.get(good.size() - 1).version()) {
        // A file may start in format 1 and continue in 2 (appended to after an upgrade), never
        // the other way round.
        return fail(
            Problem.MODIFIED,
            i,
            expected,
            "a version " + e.version() + " line after a version 2 line",
            good,
            prev,
            l);
      }
      if (seq == expected && e.previousHash().equals(prev)) {
        good.add(e);
        prev = e.hash();
        continue;
      }
      if (hashCount.get(e.hash()) > 1) {
        return fail(
            Problem.INSERTED,
            i,
            expected,
            "duplicate of line " + (firstOtherLine(lines, i, e.hash()) + 1),
            good,
            prev,
            l);
      }
      if (seq == expected) {
        return fail(
            Problem.MODIFIED,
            i,
            expected,
            "entry " + seq + " does not link to the previous entry's hash",
            good,
            prev,
            l);
      }
      if (seq > expected) {
        Integer later = firstLineOfSeq.get(expected);
        if (later != null && later > i) {
          return fail(
              Problem.REORDERED,
              i,
              expected,
              "entry "
                  + seq
                  + " found where entry "
                  + expected
                  + " belongs; it is at line "
                  + (later + 1),
              good,
              prev,
              l);
        }
        return fail(
            Problem.REMOVED,
            i,
            expected,
            "entries " + expected + ".." + (seq - 1) + " are missing before entry " + seq,
            good,
            prev,
            l);
      }
      return fail(
          Problem.INSERTED,
          i,
          expected,
          "a second entry with sequence number " + seq + " (expected " + expected + ")",
          good,
          prev,
          l);
    }
    return new Scan(VerificationResult.ok(good.size(), prev), List.copyOf(good));
  }

  private static int firstOtherLine(List<Line> lines, int self, String hash) {
    for (int j = 0; j < lines.size(); j++) {
      if (j != self && lines.get(j).valid() && lines.get(j).entry().hash().equals(hash)) {
        return j;
      }
    }
    return self;
  }

  private static boolean continuesChain(List<Line> lines, int i, long expected, String prev) {
    if (i >= lines.size()) {
      return false;
    }
    Line next = lines.get(i);
    return next.valid()
        && next.entry().sequence() == expected
        && next.entry().previousHash().equals(prev);
  }

  private static Scan fail(
      Problem problem,
      int lineIndex,
      long expected,
      String detail,
      List<LedgerEntry> good,
      String prev,
      Line line) {
    return new Scan(
        VerificationResult.failed(
            problem, lineIndex + 1, expected, detail, good.size(), prev, line.start()),
        List.copyOf(good));
  }

  private static List<Line> split(byte[] log) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    while (start < log.length) {
      int end = start;
      while (end < log.length && log[end] != '\n') {
        end++;
      }
      boolean terminated = end < log.length;
      lines.add(parse(log, start, end, terminated));
      start = end + 1;
    }
    return lines;
  }

  private static Line parse(byte[] log, int start, int end, boolean terminated) {
    try {
      LedgerEntry e = LedgerCodec.parse(log, start, end);
      if (!e.hashIsValid()) {
        return new Line(start, end, terminated, e, "entry's contents do not match its hash");
      }
      return new Line(start, end, terminated, e, null);
    } catch (LedgerCodec.MalformedLineException ex) {
      return new Line(start, end, terminated, null, "not a valid ledger entry: " + ex.getMessage());
    }
  }
}

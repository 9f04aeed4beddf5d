package io.privacity.core.ledger;

import io.privacity.core.internal.Checks;
import io.privacity.core.ledger.VerificationResult.Problem;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only, SHA-256 hash-chained log of privacy events: releases with their guarantees,
 * budget charges, re-identifications, refused accesses, key rotations, erasures. It answers the
 * citizen's question "what did you release about us, and who looked?" with a record that cannot be
 * quietly edited afterwards.
 *
 * <h2>Format</h2>
 *
 * <p>Each entry is one line of canonical JSON, {@code
 * {"seq":N,"time":"…","type":"…","summary":"…","details":{…},"prev":"…","hash":"…"}} with details
 * sorted by key and no whitespace. {@code hash} is the lowercase hex SHA-256 of the UTF-8 bytes of
 * {@code "privacity-ledger-v1\n"} followed by the line without its {@code hash} member (the line up
 * to {@code ,"hash":} with {@code }} appended); {@code prev} is the previous entry's hash, 64 zeros
 * for the first entry. So entry n commits to entries 0..n, and {@link #head()}, the last hash,
 * commits to the whole log. Anyone can re-check a file with a JSON parser and SHA-256 (see {@code
 * docs/ledger-format.md}, which has a ten-line Python checker).
 *
 * <h2>Threat model: what verification does and does not show</h2>
 *
 * <ul>
 *   <li><b>Detected</b> by {@link #verify()} on the stored log: a change to any byte of a line, a
 *       removed, inserted, duplicated or reordered line, a torn (crash-interrupted) last line; and,
 *       against the head this instance holds, truncation or a rewrite of what it wrote. {@link
 *       #verify(String)} and, for an auditor's read-only copy, {@link #verifyCopy(Path, String)}
 *       detect the same against a head published earlier, in any process.
 *   <li><b>Not detected:</b> an attacker who can write the file and recompute every hash can
 *       rewrite or truncate the whole log consistently. Hash chaining only proves that a copy is
 *       consistent with a head you already trust. <b>Publish {@link #head()} periodically</b> to a
 *       place the operator cannot rewrite (a public web page, a notary, a partner's audit log) and
 *       verify copies against it; entries appended after the last published head can still be
 *       dropped or forged unnoticed.
 *   <li>The ledger is not secret: it records what happened, not the data. Do not put raw
 *       identifiers in summaries or details; use pseudonyms.
 * </ul>
 *
 * <h2>Durability and crashes</h2>
 *
 * <p>With a file sink ({@link #openFile(Path)}) each {@link #append} is forced to disk before it
 * returns, so an acknowledged entry survives a crash. A crash during an append can leave a torn
 * last line. Reopening does not drop it silently: {@link #verify()} reports {@link Problem#TORN}
 * with its line, appends are refused, and the caller must decide to call {@link #repairTornTail()},
 * which removes the torn bytes and records a {@link LedgerEventType#LEDGER_REPAIR} entry saying
 * what was removed. A log that fails verification for any other reason stays read-only: restore it
 * from a backup.
 *
 * <p>Thread-safe: appends are serialised and atomic (an entry is either fully stored and chained,
 * or not at all). The ledger holds its entries in memory ({@link #entries()}), which suits audit
 * volumes (up to millions of entries), not per-record logging.
 */
public final class TransparencyLedger implements Closeable {
  /** The {@code prev} of the first entry, and the head of an empty ledger: 64 zeros. */
  public static final String GENESIS_HASH = LedgerCodec.GENESIS;

  private static final int MAX_PRESERVED_TORN_BYTES = 64 * 1024;

  private final LedgerSink sink;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<LedgerEntry> entries = new ArrayList<>();
  private String head = GENESIS_HASH;
  private long storedBytes;

  /** Why appends are refused, or null when the stored log verified. */
  private VerificationResult blocked;

  private TransparencyLedger(LedgerSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
    load();
  }

  /**
   * An empty ledger in memory, for tests and short-lived processes.
   *
   * @return a new ledger
   */
  public static TransparencyLedger inMemory() {
    return new TransparencyLedger(LedgerSink.inMemory(), Clock.systemUTC());
  }

  /**
   * Opens (or creates) a JSON-lines ledger file and verifies it. A file that does not verify still
   * opens, read-only: see {@link #verify()} for what is wrong and {@link #repairTornTail()} for the
   * one problem that can be repaired in place. Close the ledger to release the file's lock.
   *
   * @param path the file
   * @return the ledger
   * @throws IllegalArgumentException if {@code path} is null
   * @throws IllegalStateException if the file is locked by another process or ledger
   * @throws UncheckedIOException if the file cannot be opened or read
   */
  public static TransparencyLedger openFile(Path path) {
    Checks.notNull("path", path);
    try {
      return open(LedgerSink.file(path), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open ledger file " + path, e);
    }
  }

  /**
   * A ledger over any sink, with an explicit clock (for tests, or a trusted time source).
   *
   * @param sink where lines are stored; the ledger owns it from now on and closes it
   * @param clock the source of entry times
   * @return the ledger, already verified (see {@link #verify()})
   * @throws IllegalArgumentException if an argument is null
   * @throws UncheckedIOException if the sink cannot be read
   */
  public static TransparencyLedger open(LedgerSink sink, Clock clock) {
    return new TransparencyLedger(Checks.notNull("sink", sink), Checks.notNull("clock", clock));
  }

  private void load() {
    byte[] log = read();
    LedgerVerifier.Scan scan = LedgerVerifier.scan(log);
    entries.clear();
    entries.addAll(scan.entries());
    head = scan.result().validHead();
    if (scan.result().isOk()) {
      blocked = null;
      storedBytes = log.length;
    } else {
      blocked = scan.result();
      storedBytes = scan.result().offset();
    }
  }

  private byte[] read() {
    try {
      return sink.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ledger " + sink, e);
    }
  }

  /**
   * Appends an event, durably and atomically, chained to the current head.
   *
   * @param type what kind of event
   * @param summary a one-line, human-readable description; not blank
   * @param details structured facts (copied and sorted by key); may be empty, no null keys or
   *     values
   * @return the stored entry, with its sequence number, time and hash
   * @throws IllegalArgumentException if {@code type} or {@code details} is null, {@code summary} is
   *     null or blank, a details key or value is null, or a string holds an unpaired surrogate
   * @throws IllegalStateException if the stored log failed verification (see {@link #verify()})
   * @throws UncheckedIOException if the sink fails; the entry is then not recorded
   */
  public LedgerEntry append(LedgerEventType type, String summary, Map<String, String> details) {
    Checks.notNull("type", type);
    Checks.nonBlank("summary", summary);
    LedgerEntry.checkText("summary", summary);
    Map<String, String> frozen = LedgerEntry.freeze(details);
    lock.lock();
    try {
      if (blocked != null) {
        throw new IllegalStateException(
            "ledger "
                + sink
                + " is read-only because its stored log does not verify: "
                + blocked
                + (blocked.problem().orElseThrow() == Problem.TORN
                    ? "; call repairTornTail() to remove the torn line"
                    : "; restore it from a backup"));
      }
      return appendLocked(type, summary, frozen);
    } finally {
      lock.unlock();
    }
  }

  private LedgerEntry appendLocked(
      LedgerEventType type, String summary, Map<String, String> details) {
    long seq = entries.size();
    Instant time = clock.instant();
    String hash = LedgerCodec.hash(seq, time, type, summary, details, head);
    LedgerEntry entry = new LedgerEntry(seq, time, type, summary, details, head, hash);
    byte[] line = (entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      sink.append(line);
    } catch (IOException e) {
      rollBack(e);
      throw new UncheckedIOException("ledger entry not recorded: " + e.getMessage(), e);
    }
    entries.add(entry);
    head = hash;
    storedBytes += line.length;
    return entry;
  }

  /** Undoes a partial append; if even that fails, refuses further appends. */
  private void rollBack(IOException cause) {
    try {
      sink.truncate(storedBytes);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
      blocked =
          VerificationResult.failed(
              Problem.TORN,
              entries.size() + 1,
              entries.size(),
              "an append failed and could not be undone: " + cause.getMessage(),
              entries.size(),
              head,
              storedBytes);
    }
  }

  /**
   * The entries that verified when the ledger was opened plus those appended since, in order.
   *
   * @return an immutable snapshot
   */
  public List<LedgerEntry> entries() {
    lock.lock();
    try {
      return List.copyOf(entries);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of trusted entries ({@link #entries()}{@code .size()}).
   *
   * @return the count
   */
  public long size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The hash of the last entry ({@link #GENESIS_HASH} when empty). It commits to the whole log:
   * publish it, and any later copy can be checked with {@link #verify(String)}.
   *
   * @return 64 lowercase hex digits
   */
  public String head() {
    lock.lock();
    try {
      return head;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Re-reads the stored log and checks it: every line canonical and matching its hash, sequence
   * numbers 0, 1, 2, … each linked to the previous hash, the last line complete, and the chain
   * containing this ledger's {@link #head()} at its position with nothing after it.
   *
   * @return ok, or the first problem
   * @throws UncheckedIOException if the sink cannot be read
   */
  public VerificationResult verify() {
    lock.lock();
    try {
      byte[] log = read();
      LedgerVerifier.Scan scan = LedgerVerifier.scan(log);
      if (!scan.result().isOk()) {
        return scan.result();
      }
      List<LedgerEntry> stored = scan.entries();
      int common = Math.min(stored.size(), entries.size());
      for (int i = 0; i < common; i++) {
        if (!stored.get(i).hash().equals(entries.get(i).hash())) {
          return VerificationResult.failed(
              Problem.MODIFIED,
              i + 1,
              i,
              "the stored chain is consistent but differs from the one this ledger wrote from"
                  + " entry "
                  + i
                  + " on (rewritten)",
              i,
              i == 0 ? GENESIS_HASH : stored.get(i - 1).hash(),
              lineOffset(log, i));
        }
      }
      if (stored.size() < entries.size()) {
        return VerificationResult.failed(
            Problem.TRUNCATED,
            stored.size() + 1,
            stored.size(),
            "the log ends after "
                + stored.size()
                + " entries, but this ledger holds "
                + entries.size()
                + " (head "
                + head
                + ")",
            stored.size(),
            scan.result().validHead(),
            log.length);
      }
      if (stored.size() > entries.size()) {
        return VerificationResult.failed(
            Problem.INSERTED,
            entries.size() + 1,
            entries.size(),
            (stored.size() - entries.size())
                + " entries after this ledger's head that it did not write",
            entries.size(),
            head,
            lineOffset(log, entries.size()));
      }
      return scan.result();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Checks the stored log as {@link #verify()} does, and that it contains {@code publishedHead}:
   * the head published at some earlier time. Entries after it are accepted (the log grew since); a
   * log truncated before it, or rewritten, is not.
   *
   * @param publishedHead a value {@link #head()} returned earlier
   * @return ok, or the first problem ({@link Problem#HEAD_NOT_FOUND} if the head is absent)
   * @throws IllegalArgumentException if {@code publishedHead} is not 64 lowercase hex digits
   * @throws UncheckedIOException if the sink cannot be read
   */
  public VerificationResult verify(String publishedHead) {
    checkHead(publishedHead);
    lock.lock();
    try {
      return headCheck(verify(), entries, publishedHead);
    } finally {
      lock.unlock();
    }
  }

  private static void checkHead(String publishedHead) {
    Checks.notNull("publishedHead", publishedHead);
    if (!publishedHead.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "publishedHead must be 64 lowercase hex digits, got \"" + publishedHead + "\"");
    }
  }

  private static VerificationResult headCheck(
      VerificationResult own, List<LedgerEntry> all, String publishedHead) {
    if (!own.isOk() || publishedHead.equals(GENESIS_HASH)) {
      return own;
    }
    for (LedgerEntry e : all) {
      if (e.hash().equals(publishedHead)) {
        return own;
      }
    }
    return VerificationResult.failed(
        Problem.HEAD_NOT_FOUND,
        all.size() + 1,
        all.size(),
        "published head "
            + publishedHead
            + " is not in the log: it was truncated before that point or rewritten",
        all.size(),
        own.validHead(),
        -1);
  }

  /**
   * Checks a copy of a ledger file, read-only (no lock, nothing written; the copy may sit on
   * read-only media): as {@link #verify(String)}, every line canonical and chained, the last line
   * complete, and {@code publishedHead} present.
   *
   * @param copy the file to check
   * @param publishedHead a head published earlier, or {@link #GENESIS_HASH} to check only the
   *     chain's own consistency (which a wholesale rewrite passes)
   * @return ok, or the first problem
   * @throws IllegalArgumentException if an argument is null or {@code publishedHead} is not 64
   *     lowercase hex digits
   * @throws UncheckedIOException if the file cannot be read
   */
  public static VerificationResult verifyCopy(Path copy, String publishedHead) {
    Checks.notNull("copy", copy);
    checkHead(publishedHead);
    byte[] log;
    try {
      log = Files.readAllBytes(copy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ledger copy " + copy, e);
    }
    LedgerVerifier.Scan scan = LedgerVerifier.scan(log);
    return headCheck(scan.result(), scan.entries(), publishedHead);
  }

  /**
   * Removes a crash-torn last line and records that it did. Call it only after {@link #verify()}
   * reported {@link Problem#TORN} and you accept losing that line (it was never acknowledged: an
   * append returns only after its line is complete on disk). Appends a {@link
   * LedgerEventType#LEDGER_REPAIR} entry whose details give the line number, the number of bytes
   * removed, their SHA-256 and (up to 64 KiB) the bytes themselves in Base64.
   *
   * <p>It also unblocks a ledger after an append whose sink failed and could not be rolled back: a
   * partial line is removed as above; a line that turns out complete and valid is kept, and the
   * repair entry says so.
   *
   * @return the repair entry
   * @throws IllegalStateException if the log's problem is not a torn last line, or its verified
   *     entries differ from those this ledger holds (nothing is changed)
   * @throws UncheckedIOException if the sink fails
   */
  public LedgerEntry repairTornTail() {
    lock.lock();
    try {
      byte[] log = read();
      LedgerVerifier.Scan scan = LedgerVerifier.scan(log);
      VerificationResult r = scan.result();
      // Never adopt a stored chain that disagrees with what this ledger wrote or loaded: a torn
      // tail must not become a way to launder a rewritten log.
      if (!extendsOwnChain(scan.entries(), r.isOk() && blocked != null ? 1 : 0)) {
        throw new IllegalStateException(
            "the stored log's verified entries differ from the "
                + entries.size()
                + " this ledger holds; nothing repaired. Reopen the file and verify it.");
      }
      if (r.isOk() && blocked != null) {
        // An append reported failure but its line reached the medium complete: adopt it.
        entries.clear();
        entries.addAll(scan.entries());
        head = r.validHead();
        storedBytes = log.length;
        blocked = null;
        return appendLocked(
            LedgerEventType.LEDGER_REPAIR,
            "resynchronised after a failed append whose line was stored",
            LedgerEntry.freeze(Map.of("entries", Long.toString(r.validEntries()))));
      }
      if (r.problem().orElse(null) != Problem.TORN) {
        throw new IllegalStateException(
            "repairTornTail() removes only a torn last line; the log is " + r);
      }
      int offset = (int) r.offset();
      byte[] torn = Arrays.copyOfRange(log, offset, log.length);
      // Re-sync with what is actually stored, then cut the torn bytes.
      entries.clear();
      entries.addAll(scan.entries());
      head = r.validHead();
      try {
        sink.truncate(offset);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the torn line: " + e.getMessage(), e);
      }
      storedBytes = offset;
      blocked = null;
      Map<String, String> details = new LinkedHashMap<>();
      details.put("line", Long.toString(r.line()));
      details.put("reason", r.detail());
      details.put("removedBytes", Integer.toString(torn.length));
      details.put("removedSha256", sha256(torn));
      details.put(
          "removedBase64",
          Base64.getEncoder()
              .encodeToString(
                  Arrays.copyOf(torn, Math.min(torn.length, MAX_PRESERVED_TORN_BYTES))));
      if (torn.length > MAX_PRESERVED_TORN_BYTES) {
        details.put("removedBase64Truncated", "true");
      }
      return appendLocked(
          LedgerEventType.LEDGER_REPAIR,
          "removed a torn last line (line " + r.line() + ", " + torn.length + " bytes)",
          LedgerEntry.freeze(details));
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code stored} is this ledger's entries plus at most {@code extra} more. */
  private boolean extendsOwnChain(List<LedgerEntry> stored, int extra) {
    if (stored.size() < entries.size() || stored.size() > entries.size() + extra) {
      return false;
    }
    for (int i = 0; i < entries.size(); i++) {
      if (!stored.get(i).hash().equals(entries.get(i).hash())) {
        return false;
      }
    }
    return true;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static long lineOffset(byte[] log, int lineIndex) {
    int line = 0;
    for (int i = 0; i < log.length && line < lineIndex; i++) {
      if (log[i] == '\n') {
        line++;
        if (line == lineIndex) {
          return i + 1;
        }
      }
    }
    return lineIndex == 0 ? 0 : log.length;
  }

  /**
   * Closes the sink (for a file: releases its lock).
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      sink.close();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "TransparencyLedger[" + sink + ", " + size() + " entries, head " + head() + "]";
  }
}

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
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only, SHA-256 hash-chained log of privacy events: releases with their guarantees,
 * budget charges, re-identifications, refused accesses, key rotations, erasures. It answers the
 * citizen's question "what did you release about us, and who looked?" with a record that cannot be
 * quietly edited afterwards.
 *
 * <h2>Format</h2>
 *
 * <p>Each entry is one line of canonical JSON (format version 2), {@code
 * {"v":2,"seq":N,"time":"…","type":"…","summary":"…","details":{…},"private":{…},"prev":"…","hash":"…"}}
 * with maps sorted by key and no whitespace. {@code hash} is the lowercase hex SHA-256 of the UTF-8
 * bytes of {@code "privacity-ledger-v2\n"} followed by the line without its {@code hash} member
 * (the line up to {@code ,"hash":} with {@code }} appended); {@code prev} is the previous entry's
 * hash, 64 zeros for the first entry. So entry n commits to entries 0..n, and {@link #head()}, the
 * last hash, commits to the whole log. Anyone can re-check a file with a JSON parser and SHA-256
 * (see {@code docs/ledger-format.md}, which has a short Python checker). Files written by version 1
 * of the format (no {@code v}, no {@code private}, domain {@code "privacity-ledger-v1\n"}) still
 * verify, and appending to one continues its chain in version 2.
 *
 * <h2>Publishable: private details as commitments</h2>
 *
 * <p>Outsiders verify the chain over the exact bytes, so entries must be publishable whole. {@link
 * #append(LedgerEventType, String, Map, Map)} takes, beside the public details, <i>private
 * details</i> (pseudonym tokens, subject references, free-text justifications that may name
 * people): each is stored only as a keyed commitment under the ledger's {@link LedgerCommitmentKey}
 * (HMAC-SHA256 with a fresh nonce), which hides the value from everyone without the key and binds
 * it for an auditor who holds the key ({@link LedgerCommitmentKey#opens(LedgerEntry, String,
 * String)}). A ledger opened without a key uses a fresh random key that is never stored: private
 * details are then hidden from everyone, forever, and only the fact that they were recorded
 * remains. Give the ledger a key ({@link #openFile(Path, LedgerCommitmentKey)}) when auditors must
 * be able to check them.
 *
 * <h2>Signed checkpoints</h2>
 *
 * <p>{@link #checkpoint(LedgerSigningKey)} signs the head (size, hash, time) with the operator's
 * Ed25519 key; {@link #writeCheckpoint(LedgerSigningKey, Path)} publishes it as a file and checks
 * that it extends the checkpoint it replaces. Auditors check copies against checkpoints with {@link
 * #verifyCopy(Path, LedgerPublicKey, LedgerCheckpoint)} and {@link #verifyCopy(Path,
 * LedgerPublicKey, LedgerCheckpoint, LedgerCheckpoint)}; the transparency portal's script does the
 * same in a browser.
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
 *   <li>The ledger is public: it records what happened, not the data. Never put identifiers in
 *       summaries or public details; pass tokens, subject references and justifications as private
 *       details.
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
  private final LedgerCommitmentKey commitmentKey;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<LedgerEntry> entries = new ArrayList<>();
  private String head = GENESIS_HASH;
  private long storedBytes;

  /** Why appends are refused, or null when the stored log verified. */
  private VerificationResult blocked;

  private TransparencyLedger(LedgerSink sink, Clock clock, LedgerCommitmentKey commitmentKey) {
    this.sink = sink;
    this.clock = clock;
    this.commitmentKey = commitmentKey;
    load();
  }

  /**
   * An empty ledger in memory, for tests and short-lived processes.
   *
   * @return a new ledger
   */
  public static TransparencyLedger inMemory() {
    return new TransparencyLedger(
        LedgerSink.inMemory(), Clock.systemUTC(), LedgerCommitmentKey.generate());
  }

  /**
   * Opens (or creates) a JSON-lines ledger file and verifies it. A file that does not verify still
   * opens, read-only: see {@link #verify()} for what is wrong and {@link #repairTornTail()} for the
   * one problem that can be repaired in place. Close the ledger to release the file's lock. On
   * POSIX file systems the file is private to its owner (0600), also if it existed with wider
   * permissions.
   *
   * @param path the file
   * @return the ledger
   * @throws IllegalArgumentException if {@code path} is null
   * @throws IllegalStateException if the file is locked by another process or ledger
   * @throws UncheckedIOException if the file cannot be opened or read
   */
  public static TransparencyLedger openFile(Path path) {
    return openFile(path, LedgerCommitmentKey.generate());
  }

  /**
   * Opens (or creates) a JSON-lines ledger file, as {@link #openFile(Path)}, committing to private
   * details under {@code commitmentKey} so that an auditor holding it can check them.
   *
   * @param path the file
   * @param commitmentKey the key for private details
   * @return the ledger
   * @throws IllegalArgumentException if an argument is null
   * @throws IllegalStateException if the file is locked by another process or ledger
   * @throws UncheckedIOException if the file cannot be opened or read
   */
  public static TransparencyLedger openFile(Path path, LedgerCommitmentKey commitmentKey) {
    Checks.notNull("path", path);
    Checks.notNull("commitmentKey", commitmentKey);
    try {
      return open(LedgerSink.file(path), Clock.systemUTC(), commitmentKey);
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
    Checks.notNull("sink", sink);
    Checks.notNull("clock", clock);
    return new TransparencyLedger(sink, clock, LedgerCommitmentKey.generate());
  }

  /**
   * A ledger over any sink, with an explicit clock and the key for private details.
   *
   * @param sink where lines are stored; the ledger owns it from now on and closes it
   * @param clock the source of entry and checkpoint times
   * @param commitmentKey the key for private details
   * @return the ledger, already verified (see {@link #verify()})
   * @throws IllegalArgumentException if an argument is null
   * @throws UncheckedIOException if the sink cannot be read
   */
  public static TransparencyLedger open(
      LedgerSink sink, Clock clock, LedgerCommitmentKey commitmentKey) {
    return new TransparencyLedger(
        Checks.notNull("sink", sink),
        Checks.notNull("clock", clock),
        Checks.notNull("commitmentKey", commitmentKey));
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
   * Appends an event with public details only, durably and atomically, chained to the current head.
   * Everything in it is published: see {@link #append(LedgerEventType, String, Map, Map)} for facts
   * that must stay private.
   *
   * @param type what kind of event
   * @param summary a one-line, human-readable, public description; not blank
   * @param details structured public facts (copied and sorted by key); may be empty, no null keys
   *     or values
   * @return the stored entry, with its sequence number, time and hash
   * @throws IllegalArgumentException if {@code type} or {@code details} is null, {@code summary} is
   *     null or blank, a details key or value is null, or a string holds an unpaired surrogate
   * @throws IllegalStateException if the stored log failed verification (see {@link #verify()})
   * @throws UncheckedIOException if the sink fails; the entry is then not recorded
   */
  public LedgerEntry append(LedgerEventType type, String summary, Map<String, String> details) {
    return append(type, summary, details, Map.of());
  }

  /**
   * Appends an event with public and private details, durably and atomically, chained to the
   * current head. Each private detail is stored only as a fresh keyed commitment under the ledger's
   * {@link LedgerCommitmentKey} (see the class comment): the published ledger reveals its name,
   * never its value, and does not link equal values across entries.
   *
   * @param type what kind of event
   * @param summary a one-line, human-readable, public description; not blank; never put a private
   *     value here
   * @param details structured public facts (copied and sorted by key); may be empty
   * @param privateDetails facts that must not be public, e.g. {@code token}, {@code subjectRef},
   *     {@code justification}; may be empty; no name may also be a public detail
   * @return the stored entry; its {@link LedgerEntry#commitments()} hold the commitments
   * @throws IllegalArgumentException if {@code type}, {@code details} or {@code privateDetails} is
   *     null, {@code summary} is null or blank, a key or value is null, a string holds an unpaired
   *     surrogate, or a name is both public and private (messages never show a private value)
   * @throws IllegalStateException if the stored log failed verification (see {@link #verify()})
   * @throws UncheckedIOException if the sink fails; the entry is then not recorded
   */
  public LedgerEntry append(
      LedgerEventType type,
      String summary,
      Map<String, String> details,
      Map<String, String> privateDetails) {
    Checks.notNull("type", type);
    Checks.nonBlank("summary", summary);
    LedgerEntry.checkText("summary", summary);
    Map<String, String> frozen = LedgerEntry.freeze(details);
    Map<String, String> secrets = LedgerEntry.freeze("privateDetails", privateDetails);
    for (String name : secrets.keySet()) {
      if (frozen.containsKey(name)) {
        throw new IllegalArgumentException(
            "\"" + name + "\" must not be both a public and a private detail");
      }
    }
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
      return appendLocked(type, summary, frozen, secrets);
    } finally {
      lock.unlock();
    }
  }

  private LedgerEntry appendLocked(
      LedgerEventType type,
      String summary,
      Map<String, String> details,
      Map<String, String> privateDetails) {
    long seq = entries.size();
    // Committed here, under the lock: each commitment is bound to this entry's place in the chain.
    Map<String, String> commitments = new TreeMap<>();
    for (Map.Entry<String, String> p : privateDetails.entrySet()) {
      commitments.put(p.getKey(), commitmentKey.commit(seq, head, p.getKey(), p.getValue()));
    }
    Instant time = clock.instant();
    int v = LedgerCodec.CURRENT_VERSION;
    String hash = LedgerCodec.hash(v, seq, time, type, summary, details, commitments, head);
    LedgerEntry entry =
        new LedgerEntry(v, seq, time, type, summary, details, commitments, head, hash);
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
    LedgerVerifier.Scan scan = LedgerVerifier.scan(readCopy(copy));
    return headCheck(scan.result(), scan.entries(), publishedHead);
  }

  /**
   * Checks a copy of a ledger file, read-only, against a signed checkpoint: the checkpoint's
   * signature verifies under {@code publicKey}, every line of the copy is canonical and chained as
   * for {@link #verifyCopy(Path, String)}, and entry {@code checkpoint.size() - 1} of the copy has
   * the checkpoint's head. Entries after it are accepted (the log grew since) but are not covered
   * by the signature.
   *
   * @param copy the file to check
   * @param publicKey the operator's published key
   * @param checkpoint a checkpoint the operator published
   * @return ok, or the first problem: {@link Problem#BAD_CHECKPOINT} if the signature does not
   *     verify, {@link Problem#HEAD_NOT_FOUND} if the copy does not hold the signed head at its
   *     position
   * @throws IllegalArgumentException if an argument is null
   * @throws UncheckedIOException if the file cannot be read
   */
  public static VerificationResult verifyCopy(
      Path copy, LedgerPublicKey publicKey, LedgerCheckpoint checkpoint) {
    Checks.notNull("copy", copy);
    Checks.notNull("publicKey", publicKey);
    Checks.notNull("checkpoint", checkpoint);
    return CheckpointVerifier.verify(readCopy(copy), publicKey, List.of(checkpoint));
  }

  /**
   * Checks a copy of a ledger file against two checkpoints and that the later one extends the
   * earlier: both signatures verify under {@code publicKey}, the later is no smaller and no older,
   * and the copy's chain holds both heads at their positions, so the entries between them chain
   * from one head to the other. A fork (two signed heads that no single chain holds) fails.
   *
   * @param copy the file to check, holding at least {@code later.size()} entries
   * @param publicKey the operator's published key
   * @param earlier a checkpoint published earlier
   * @param later a checkpoint published later
   * @return ok, or the first problem ({@link Problem#BAD_CHECKPOINT}, {@link
   *     Problem#HEAD_NOT_FOUND}, or a problem of the copy itself)
   * @throws IllegalArgumentException if an argument is null
   * @throws UncheckedIOException if the file cannot be read
   */
  public static VerificationResult verifyCopy(
      Path copy, LedgerPublicKey publicKey, LedgerCheckpoint earlier, LedgerCheckpoint later) {
    Checks.notNull("copy", copy);
    Checks.notNull("publicKey", publicKey);
    Checks.notNull("earlier", earlier);
    Checks.notNull("later", later);
    return CheckpointVerifier.verify(readCopy(copy), publicKey, List.of(earlier, later));
  }

  private static byte[] readCopy(Path copy) {
    try {
      return Files.readAllBytes(copy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ledger copy " + copy, e);
    }
  }

  /**
   * Signs the current head: re-verifies the stored log (as {@link #verify()}) and signs its size,
   * head and the clock's time with {@code key}.
   *
   * @param key the operator's signing key
   * @return the checkpoint
   * @throws IllegalArgumentException if {@code key} is null
   * @throws IllegalStateException if the stored log does not verify (nothing is signed)
   * @throws UncheckedIOException if the sink cannot be read
   */
  public LedgerCheckpoint checkpoint(LedgerSigningKey key) {
    Checks.notNull("key", key);
    lock.lock();
    try {
      VerificationResult r = verify();
      if (!r.isOk()) {
        throw new IllegalStateException(
            "refusing to sign the head of a log that does not verify: " + r);
      }
      return LedgerCheckpoint.sign(key, entries.size(), head, clock.instant());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Signs the current head ({@link #checkpoint(LedgerSigningKey)}) and writes it to {@code file},
   * atomically. If the file already holds a checkpoint, the new one must extend it: its head must
   * be an entry of this ledger at its position (and, when signed by the same key, its signature
   * must verify); otherwise nothing is written, since replacing it would publish a fork.
   *
   * @param key the operator's signing key
   * @param file the checkpoint file, e.g. {@code ledger.checkpoint}
   * @return the new checkpoint
   * @throws IllegalArgumentException if an argument is null, or the file holds something other than
   *     a checkpoint
   * @throws IllegalStateException if the stored log does not verify, or the existing checkpoint
   *     does not belong to this ledger's chain
   * @throws UncheckedIOException if the file cannot be read or written
   */
  public LedgerCheckpoint writeCheckpoint(LedgerSigningKey key, Path file) {
    Checks.notNull("key", key);
    Checks.notNull("file", file);
    lock.lock();
    try {
      LedgerCheckpoint next = checkpoint(key);
      if (Files.exists(file)) {
        LedgerCheckpoint previous = LedgerCheckpoint.readFrom(file);
        boolean sameKey = previous.keyId().equals(key.publicKey().keyId());
        if (sameKey && !previous.isSignedBy(key.publicKey())) {
          throw new IllegalStateException(
              "the checkpoint in " + file + " does not verify under this key; not replaced");
        }
        long at = previous.size();
        if (at > entries.size()
            || (at > 0 && !entries.get((int) (at - 1)).hash().equals(previous.head()))) {
          throw new IllegalStateException(
              "the checkpoint in "
                  + file
                  + " (size "
                  + at
                  + ", head "
                  + previous.head()
                  + ") is not on this ledger's chain; replacing it would publish a fork");
        }
      }
      next.writeTo(file);
      return next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    } finally {
      lock.unlock();
    }
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
            LedgerEntry.freeze(Map.of("entries", Long.toString(r.validEntries()))),
            Map.of());
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
          LedgerEntry.freeze(details),
          Map.of());
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
   * Closes the sink (for a file: releases its lock). Every appended entry was already forced to the
   * device when {@code append} returned, so nothing is lost when closing fails; declared without a
   * checked exception so that try-with-resources needs no catch.
   *
   * @throws UncheckedIOException if the sink cannot be closed
   */
  @Override
  public void close() {
    lock.lock();
    try {
      sink.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the ledger's sink " + sink, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "TransparencyLedger[" + sink + ", " + size() + " entries, head " + head() + "]";
  }
}

package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.Aead;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.pseudonym.BucketKeys.Bucket;
import io.privacity.crypto.pseudonym.VaultContext.Subject;
import io.privacity.crypto.pseudonym.VaultContext.Wrapped;
import io.privacity.crypto.pseudonym.VaultRows.Rotation;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import io.privacity.crypto.pseudonym.VaultRows.TokenRef;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;

/**
 * Erasure, retention and key rotation. {@code forget} rotates one bucket per registered domain: the
 * subject's bucket where it has a subject, a random one where it has none, so the work, the rows
 * written and the ledger entry are the same whether or not the identity was known. The forgotten
 * subject rows and their token rows are deleted in the rotation's transaction, the old bucket keys
 * are overwritten in the key file (see {@link BucketKeys}), and the store removes the old copies of
 * the deleted rows from its files where it can ({@link VaultRows#eraseOldCopies()}: an H2 file is
 * rewritten), all before {@code forget} returns. {@code forgetAll} does the same for many
 * identities with one rotation and one rewrite.
 */
final class Eraser {
  private static final int REWRAP_BATCH = 8;

  /** Token references read per query when looking for a forgotten subject's tokens. */
  private static final int TOKEN_PAGE = 4_096;

  private final VaultContext ctx;
  private final TransparencyLedger ledger;
  private final RateLimiter limiter;

  Eraser(VaultContext ctx, TransparencyLedger ledger, RateLimiter limiter) {
    this.ctx = ctx;
    this.ledger = ledger;
    this.limiter = limiter;
  }

  /**
   * Forgets the canonical identities (distinct) in every registered domain: one rotation of the
   * union of their buckets, one removal of old copies, one ledger entry per identity.
   */
  void forgetAll(List<String> canonicals) {
    Set<String> distinct = new LinkedHashSet<>(canonicals);
    Lock exclusive = ctx.keys().exclusive();
    exclusive.lock();
    int domains;
    RuntimeException copiesRemain = null;
    try {
      Set<String> names = ctx.rows().registerDomains(Map.of()).keySet();
      domains = names.size();
      TreeSet<Integer> buckets = new TreeSet<>();
      Set<Long> erased = new HashSet<>();
      for (String canonical : distinct) {
        for (String domain : names) {
          Optional<Subject> s = ctx.findSubject(domain, canonical);
          if (s.isPresent()) {
            buckets.add(s.get().bucket());
            erased.add(s.get().sid());
          } else {
            buckets.add(ctx.keys().randomBucket());
          }
        }
      }
      List<String> tokens = tokensOf(erased);
      ctx.keys().forgetRecentSubjects();
      ctx.keys().rotate(buckets, pairs -> plan(pairs, erased, tokens, true));
      try {
        ctx.rows().eraseOldCopies();
      } catch (RuntimeException e) {
        copiesRemain = e;
      }
    } finally {
      exclusive.unlock();
    }
    for (int i = 0; i < distinct.size(); i++) {
      ledger.append(
          LedgerEventType.ERASURE,
          "pseudonym vault: a subject was erased (its bucket keys destroyed)",
          Map.of(
              "domainsCovered",
              Integer.toString(domains),
              "oldCopies",
              copiesRemain == null ? "removed" : "pending"));
    }
    if (copiesRemain != null) {
      throw new IllegalStateException(
          "the subject's rows are deleted and the keys they were written under destroyed, but the"
              + " store could not remove the old copies of the rows from its files; the next"
              + " erasure or opening the store again does",
          copiesRemain);
    }
  }

  /**
   * The tokens whose subject is one of {@code erased}: every token reference is read (in pages) and
   * decrypted, whether or not any subject is erased, since the references are randomised and linked
   * to nothing else.
   */
  private List<String> tokensOf(Set<Long> erased) {
    List<String> found = new ArrayList<>();
    ctx.rows()
        .eachTokenRef(
            TOKEN_PAGE,
            page -> {
              for (TokenRef t : page) {
                try {
                  if (erased.contains(ctx.subjectOf(t.domain(), t.token(), t.subjectRef()))) {
                    found.add(t.token());
                  }
                } catch (GeneralSecurityException e) {
                  // A reference that does not decrypt (tampered) resolves to no subject: it cannot
                  // belong to an erased one.
                }
              }
            });
    return found;
  }

  /**
   * The rows of the rotated buckets: the erased subjects and their tokens deleted, every other
   * subject rewrapped under its bucket's new key with its lookup recomputed (under the primary
   * index key).
   */
  private Rotation plan(
      Map<Integer, Bucket[]> pairs, Set<Long> erased, List<String> tokens, boolean erasure) {
    List<SubjectRow> rewrapped = new ArrayList<>();
    List<Long> deleted = new ArrayList<>();
    for (Map.Entry<Integer, Bucket[]> e : pairs.entrySet()) {
      Bucket old = e.getValue()[0];
      Bucket now = e.getValue()[1];
      for (SubjectRow row : ctx.rows().subjectsInBucket(e.getKey())) {
        if (erased.contains(row.sid())) {
          deleted.add(row.sid());
          continue;
        }
        Wrapped w;
        try {
          w = VaultContext.unwrap(old, row);
        } catch (GeneralSecurityException ex) {
          throw new IllegalStateException(
              "a vault subject does not open under its bucket key (tampered store)", ex);
        }
        byte[] inner = ctx.inners(w.domain(), w.identity())[0];
        rewrapped.add(
            new SubjectRow(
                row.sid(),
                VaultContext.lookup(now, inner),
                VaultContext.wrap(now, row.sid(), w.secret(), w.domain(), w.identity())));
        Arrays.fill(w.secret(), (byte) 0);
      }
    }
    return new Rotation(rewrapped, deleted, tokens, Map.of(), erasure);
  }

  int purgeExpired() {
    long now = ctx.clock().millis();
    int n = ctx.rows().purgeExpired(now, limiter.horizon(now));
    if (n > 0) {
      ledger.append(
          LedgerEventType.OTHER,
          "pseudonym vault retention purge",
          Map.of("deletedTokens", Integer.toString(n)));
    }
    return n;
  }

  /**
   * Rewraps the key file's master secret under the key-encryption keyset's primary and rotates
   * every bucket (fresh bucket keys, lookups under the primary index key).
   */
  int rewrap(Aead kek, int kekId, int indexId) {
    Lock exclusive = ctx.keys().exclusive();
    exclusive.lock();
    int n = 0;
    try {
      ctx.keys().rewrapHeader(kek);
      for (int from = 0; from < BucketKeys.BUCKETS; from += REWRAP_BATCH) {
        TreeSet<Integer> batch = new TreeSet<>();
        for (int b = from; b < Math.min(BucketKeys.BUCKETS, from + REWRAP_BATCH); b++) {
          batch.add(b);
        }
        Rotation r = ctx.keys().rotate(batch, pairs -> plan(pairs, Set.of(), List.of(), false));
        n += r == null ? 0 : r.rewrapped().size();
      }
    } finally {
      exclusive.unlock();
    }
    ledger.append(
        LedgerEventType.KEY_ROTATION,
        "pseudonym vault rewrap under the primary keys",
        Map.of(
            "kekId",
            Integer.toUnsignedString(kekId),
            "indexKeyId",
            Integer.toUnsignedString(indexId),
            "subjectsRewrapped",
            Integer.toString(n)));
    return n;
  }
}

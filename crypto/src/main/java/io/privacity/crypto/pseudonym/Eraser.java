package io.privacity.crypto.pseudonym;

import com.google.crypto.tink.Aead;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.pseudonym.BucketKeys.Bucket;
import io.privacity.crypto.pseudonym.VaultContext.Subject;
import io.privacity.crypto.pseudonym.VaultContext.Wrapped;
import io.privacity.crypto.pseudonym.VaultRows.Rotation;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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
 * subject rows are deleted in the rotation's transaction and the old bucket keys are overwritten in
 * the key file before {@code forget} returns (see {@link BucketKeys}).
 */
final class Eraser {
  private static final int REWRAP_BATCH = 8;

  private final VaultContext ctx;
  private final TransparencyLedger ledger;
  private final RateLimiter limiter;

  Eraser(VaultContext ctx, TransparencyLedger ledger, RateLimiter limiter) {
    this.ctx = ctx;
    this.ledger = ledger;
    this.limiter = limiter;
  }

  void forget(String canonical) {
    Lock exclusive = ctx.keys().exclusive();
    exclusive.lock();
    int domains;
    try {
      Set<String> names = ctx.rows().registerDomains(Map.of()).keySet();
      domains = names.size();
      TreeSet<Integer> buckets = new TreeSet<>();
      Set<Long> erased = new HashSet<>();
      for (String domain : names) {
        Optional<Subject> s = ctx.findSubject(domain, canonical);
        if (s.isPresent()) {
          buckets.add(s.get().bucket());
          erased.add(s.get().sid());
        } else {
          buckets.add(ctx.keys().randomBucket());
        }
      }
      ctx.keys().forgetRecentSubjects();
      ctx.keys().rotate(buckets, pairs -> plan(pairs, erased));
    } finally {
      exclusive.unlock();
    }
    ledger.append(
        LedgerEventType.ERASURE,
        "pseudonym vault: a subject was erased (its bucket keys destroyed)",
        Map.of("domainsCovered", Integer.toString(domains)));
  }

  /**
   * The rows of the rotated buckets: the erased subjects deleted, every other one rewrapped under
   * its bucket's new key with its lookup recomputed (under the primary index key).
   */
  private Rotation plan(Map<Integer, Bucket[]> pairs, Set<Long> erased) {
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
                row.bucket(),
                VaultContext.lookup(now, inner),
                VaultContext.wrap(now, row.sid(), w.secret(), w.domain(), w.identity())));
        Arrays.fill(w.secret(), (byte) 0);
      }
    }
    return new Rotation(rewrapped, deleted, Map.of());
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
        Rotation r = ctx.keys().rotate(batch, pairs -> plan(pairs, Set.of()));
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

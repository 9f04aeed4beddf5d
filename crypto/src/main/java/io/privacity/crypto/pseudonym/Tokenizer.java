package io.privacity.crypto.pseudonym;

import io.privacity.crypto.pseudonym.BucketKeys.Bucket;
import io.privacity.crypto.pseudonym.VaultContext.Domain;
import io.privacity.crypto.pseudonym.VaultContext.NewSubject;
import io.privacity.crypto.pseudonym.VaultContext.Subject;
import io.privacity.crypto.pseudonym.VaultRows.SubjectRow;
import io.privacity.crypto.pseudonym.VaultRows.TokenRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Tokenizing: finds or creates the identity's subject in the domain, then returns its live token
 * (deterministic and document-randomised domains) or a new one. A caller learns the token and
 * nothing else: a first sighting and a repeat return the same kind of value through the same code
 * path, throw the same exceptions and write no ledger entry (their timing differs; see the vault's
 * javadoc).
 */
final class Tokenizer {
  /**
   * Above this many candidate lookups a batch scans every subject row bucket by bucket instead of
   * querying lookups in chunks.
   */
  private static final int SCAN_ABOVE = 4_000;

  /** From this many distinct identities a batch computes their HMACs on all cores. */
  private static final int PARALLEL_ABOVE = 512;

  /**
   * Attempts to store new rows whose random ids or tokens collide with stored ones (64-bit keys:
   * about n/2^57 per new subject among n).
   */
  private static final int ATTEMPTS = 3;

  private final VaultContext ctx;

  Tokenizer(VaultContext ctx) {
    this.ctx = ctx;
  }

  String tokenize(Domain d, String canonical, String document) {
    Lock shared = ctx.keys().shared();
    shared.lock();
    try {
      Lock stripe = ctx.keys().stripe(d.name(), canonical);
      stripe.lock();
      try {
        return tokenizeLocked(d, canonical, document);
      } finally {
        stripe.unlock();
      }
    } finally {
      shared.unlock();
    }
  }

  private String tokenizeLocked(Domain d, String canonical, String document) {
    long now = ctx.clock().millis();
    Subject s = ctx.findSubject(d.name(), canonical).orElse(null);
    if (s == null) {
      // A new subject and its first token: one transaction, one commit.
      byte[] inner = ctx.inners(d.name(), canonical)[0];
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        NewSubject n = ctx.newSubject(d.name(), canonical, inner);
        TokenRow row = ctx.newToken(n.subject(), d, document, now);
        if (ctx.rows().insertAll(List.of(n.row()), List.of(row))) {
          return row.token();
        }
      }
      throw conflicts();
    } else if (d.policy() != TokenPolicy.FULLY_RANDOMISED) {
      Optional<TokenRow> live = ctx.tokenOf(s, d, document);
      if (live.isPresent()) {
        if (live.get().expiresAt() > now) {
          return live.get().token();
        }
        ctx.rows().deleteIfExpired(live.get().token(), now);
      }
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      TokenRow row = ctx.newToken(s, d, document, now);
      if (ctx.rows().insertToken(row)) {
        return row.token();
      }
    }
    throw conflicts();
  }

  /**
   * Runs {@code work} for identities {@code 0..n-1}: on the common fork-join pool (all cores) for a
   * large batch, where the batch's HMACs (one per index key and 64 lookups per identity) are a
   * fifth of its time; in the caller's thread otherwise. {@code work} only computes PRFs of
   * immutable keys and writes its own slot.
   */
  private static void forEachIdentity(int n, IntConsumer work) {
    if (n >= PARALLEL_ABOVE) {
      IntStream.range(0, n).parallel().forEach(work);
    } else {
      for (int i = 0; i < n; i++) {
        work.accept(i);
      }
    }
  }

  private static IllegalStateException conflicts() {
    return new IllegalStateException(
        "could not store a token: each insert conflicted (another vault process on the same"
            + " database?)");
  }

  /**
   * Tokens of many identities in one domain, in input order (equal identities get equal tokens in
   * deterministic and document-randomised domains): one pass over the lookups, one transaction.
   */
  List<String> tokenizeAll(Domain d, List<String> canonicals, String document) {
    Lock shared = ctx.keys().shared();
    shared.lock();
    List<? extends Lock> held = ctx.keys().allStripes();
    try {
      return tokenizeAllLocked(d, canonicals, document);
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
      shared.unlock();
    }
  }

  private List<String> tokenizeAllLocked(Domain d, List<String> canonicals, String document) {
    long now = ctx.clock().millis();
    Map<String, byte[][]> innersOf = new HashMap<>();
    Map<String, Subject> subjects = findAll(d.name(), new LinkedHashMap<>(), canonicals, innersOf);
    Map<String, String> tokenOf = new HashMap<>();
    if (d.policy() != TokenPolicy.FULLY_RANDOMISED) {
      Map<Long, Subject> byDocLookup = new HashMap<>();
      for (Subject s : subjects.values()) {
        byDocLookup.put(VaultContext.docLookup(s, d, document), s);
      }
      for (TokenRow t : ctx.rows().tokensByDocLookup(byDocLookup.keySet())) {
        Subject s = byDocLookup.get(t.docLookup());
        if (s == null || VaultContext.pick(s, List.of(t)).isEmpty()) {
          continue;
        }
        if (t.expiresAt() > now) {
          tokenOf.put(s.identity(), t.token());
        } else {
          ctx.rows().deleteIfExpired(t.token(), now);
        }
      }
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Map<String, Subject> all = new HashMap<>(subjects);
      Map<String, String> tokens = new HashMap<>(tokenOf);
      List<SubjectRow> newSubjects = new ArrayList<>();
      List<TokenRow> newTokens = new ArrayList<>();
      List<String> out = new ArrayList<>(canonicals.size());
      for (String c : canonicals) {
        String known = d.policy() == TokenPolicy.FULLY_RANDOMISED ? null : tokens.get(c);
        if (known != null) {
          out.add(known);
          continue;
        }
        Subject s = all.get(c);
        if (s == null) {
          NewSubject n = ctx.newSubject(d.name(), c, innersOf.get(c)[0]);
          newSubjects.add(n.row());
          s = n.subject();
          all.put(c, s);
        }
        TokenRow row = ctx.newToken(s, d, document, now);
        newTokens.add(row);
        tokens.put(c, row.token());
        out.add(row.token());
      }
      if (ctx.rows().insertAll(newSubjects, newTokens)) {
        return out;
      }
    }
    throw conflicts();
  }

  /**
   * The existing subjects of {@code canonicals} in {@code domain}, by canonical identity; puts each
   * identity's index values into {@code innersOf} (for the subjects still to be created).
   */
  private Map<String, Subject> findAll(
      String domain,
      Map<String, Subject> found,
      List<String> canonicals,
      Map<String, byte[][]> innersOf) {
    List<String> distinct = canonicals.stream().distinct().toList();
    int n = distinct.size();
    byte[][][] inners = new byte[n][][];
    forEachIdentity(n, i -> inners[i] = ctx.inners(domain, distinct.get(i)));
    for (int i = 0; i < n; i++) {
      innersOf.put(distinct.get(i), inners[i]);
    }
    int perIdentity = ctx.indexKeys().size();
    long candidates = (long) n * BucketKeys.BUCKETS * perIdentity;
    Map<Long, List<String>> wanted = new HashMap<>();
    if (candidates <= SCAN_ABOVE) {
      // Few identities: probe the lookup index.
      Map<Long, List<String>> byLookup = new HashMap<>();
      for (int b = 0; b < BucketKeys.BUCKETS; b++) {
        Bucket k = ctx.keys().bucket(b);
        for (int i = 0; i < n; i++) {
          for (byte[] inner : inners[i]) {
            byLookup
                .computeIfAbsent(VaultContext.lookup(k, inner), x -> new ArrayList<>(1))
                .add(distinct.get(i));
          }
        }
      }
      for (SubjectRow row : ctx.rows().subjectsByLookup(byLookup.keySet())) {
        wanted.put(row.sid(), byLookup.get(row.lookup()));
      }
    } else {
      // Many identities: read each bucket's (id, lookup) pairs once, sorted by lookup, and search
      // every identity's lookup in that bucket (computed on all cores) in them.
      long[] mine = new long[n * perIdentity];
      for (int b = 0; b < BucketKeys.BUCKETS; b++) {
        List<long[]> pairs = ctx.rows().lookupsInBucket(b);
        if (pairs.isEmpty()) {
          continue;
        }
        pairs.sort(Comparator.comparingLong(p -> p[1]));
        long[] stored = new long[pairs.size()];
        for (int j = 0; j < stored.length; j++) {
          stored[j] = pairs.get(j)[1];
        }
        Bucket k = ctx.keys().bucket(b);
        forEachIdentity(
            n,
            i -> {
              for (int j = 0; j < perIdentity; j++) {
                mine[i * perIdentity + j] = VaultContext.lookup(k, inners[i][j]);
              }
            });
        for (int c = 0; c < mine.length; c++) {
          int at = Arrays.binarySearch(stored, mine[c]);
          if (at < 0) {
            continue;
          }
          while (at > 0 && stored[at - 1] == mine[c]) {
            at--; // 64-bit lookups of two stored subjects may be equal: take every one
          }
          for (; at < stored.length && stored[at] == mine[c]; at++) {
            wanted
                .computeIfAbsent(pairs.get(at)[0], x -> new ArrayList<>(1))
                .add(distinct.get(c / perIdentity));
          }
        }
      }
    }
    if (!wanted.isEmpty()) {
      for (SubjectRow row : ctx.rows().subjectsById(wanted.keySet())) {
        Subject s = ctx.open(row);
        if (s.domain().equals(domain) && wanted.get(row.sid()).contains(s.identity())) {
          found.put(s.identity(), s);
        }
      }
    }
    return found;
  }
}

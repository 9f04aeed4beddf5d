package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;
import io.privacity.core.accounting.internal.PldEvaluator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Privacy loss distribution composition ({@link Composition#pld(double)}): charges grouped by bare
 * description (identical charges compose by repeated squaring), composed on demand and cached per
 * state. A charge is admitted at once when the Rényi bound at the same total δ already fits (cheap:
 * running sums); only near the budget is the distribution composed. Package-private.
 */
final class PldEngine extends Engine {
  private final CurveCache curves = new CurveCache();
  private final RdpState.TauCache taus = new RdpState.TauCache();
  private final PldEvaluator evaluator = new PldEvaluator();
  private final Map<PrivacyLoss, long[]> groups = new LinkedHashMap<>();
  private RdpState rdp = RdpState.EMPTY;
  private RdpState previousRdp;
  private List<PrivacyLoss> lastAdded = List.of();
  private long count;
  private final Set<List<PrivacyLoss>> refused = new HashSet<>();

  // Composed results of the current and the previous state (canCharge adds and undoes).
  private long stateId;
  private long previousStateId;
  private long nextStateId = 1;
  private long cachedId = -1;
  private PldEvaluator.Result cached;
  private long cachedId2 = -1;
  private PldEvaluator.Result cached2;

  PldEngine(PrivacyLoss budget, Composition composition) {
    super(budget, composition);
  }

  @Override
  void check(String name, PrivacyLoss loss) {
    // Every loss has a privacy loss distribution or a profile bound.
  }

  @Override
  void doAdd(PrivacyLoss loss) {
    previousRdp = rdp;
    previousStateId = stateId;
    stateId = nextStateId++;
    List<PrivacyLoss> added = new ArrayList<>();
    for (PrivacyLoss p : parts(loss)) {
      PrivacyLoss key = p.curve();
      Curve c = curves.get(key);
      rdp = rdp.plus(p, c, c.hasRdp() ? taus.get(key, c) : null);
      groups.computeIfAbsent(key, k -> new long[1])[0]++;
      added.add(key);
      count++;
    }
    lastAdded = added;
  }

  @Override
  void doUndo() {
    rdp = previousRdp;
    stateId = previousStateId;
    for (PrivacyLoss key : lastAdded) {
      long[] n = groups.get(key);
      if (--n[0] == 0) {
        groups.remove(key);
      }
      count--;
    }
    lastAdded = List.of();
  }

  /** The Rényi bound at the same total δ (the on-top δ taken out of the conversion δ). */
  private PrivacyLoss rdpCandidate() {
    double conversion = composition.delta() - rdp.onTopDelta();
    if (!(conversion > 0)) {
      return null;
    }
    PrivacyLoss[] c = rdp.candidates(conversion);
    return smaller(c[0], c[1]);
  }

  private PrivacyLoss pldCandidate() {
    double eps = result().epsilon(composition.delta());
    return approximateOrNull(eps, composition.delta());
  }

  private PldEvaluator.Result result() {
    if (cachedId == stateId) {
      return cached;
    }
    if (cachedId2 == stateId) {
      return cached2;
    }
    List<Curve> cs = new ArrayList<>(groups.size());
    long[] counts = new long[groups.size()];
    int i = 0;
    for (Map.Entry<PrivacyLoss, long[]> e : groups.entrySet()) {
      cs.add(curves.get(e.getKey()));
      counts[i++] = e.getValue()[0];
    }
    PldEvaluator.Result r = evaluator.evaluate(cs, counts);
    evaluator.retainOnly(cs);
    cachedId2 = cachedId;
    cached2 = cached;
    cachedId = stateId;
    cached = r;
    return r;
  }

  @Override
  boolean admits() {
    PrivacyLoss r = rdpCandidate();
    if (r != null && fits(r)) {
      return true;
    }
    if (refused.contains(lastAdded)) {
      return false;
    }
    PrivacyLoss p = pldCandidate();
    boolean ok = p != null && fits(p);
    if (!ok && refused.size() < 1024) {
      refused.add(lastAdded);
    }
    return ok;
  }

  @Override
  PrivacyLoss report() {
    if (count == 0) {
      return PrivacyLoss.NONE;
    }
    PrivacyLoss r = smaller(pldCandidate(), rdpCandidate());
    return r != null ? r : RdpEngine.unbounded(budget);
  }

  @Override
  double epsilonAt(double delta) {
    if (count == 0) {
      return 0;
    }
    double pld = result().epsilon(delta);
    double conversion = delta - rdp.onTopDelta();
    if (!(conversion > 0)) {
      return pld;
    }
    PrivacyLoss[] c = rdp.candidates(conversion);
    return Math.min(pld, minEpsilon(c[0], c[1]));
  }

  @Override
  double deltaAt(double epsilon) {
    return count == 0 ? 0 : result().delta(epsilon);
  }

  /**
   * The ε the privacy loss distributions alone give at δ (for tests and benchmarks).
   *
   * @return ε, +∞ if unreachable
   */
  double pldEpsilon() {
    return count == 0 ? 0 : result().epsilon(composition.delta());
  }
}

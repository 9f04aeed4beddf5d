package io.privacity.anonymize;

import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.metric.UtilityMetric;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.PrivacyModel;
import io.privacity.anonymize.model.TCloseness;
import io.privacity.core.random.Randomness;
import java.util.ArrayList;
import java.util.List;

/**
 * A small random anonymization problem for property tests, generated from a seed: a table with 1–3
 * quasi-identifiers (random consistent hierarchies of 2–4 levels), a numeric sensitive column, a
 * k-anonymity model plus possibly one ℓ-diversity or t-closeness model, a suppression limit and a
 * metric. Each model comes with its independent {@link IndependentChecker.Requirement}.
 */
public final class RandomCase {
  public final Table table;
  public final List<String> qis = new ArrayList<>();
  public final List<Hierarchy> hierarchies = new ArrayList<>();
  public final Hierarchy sensitiveHierarchy;
  public final List<PrivacyModel> models = new ArrayList<>();
  public final List<IndependentChecker.Requirement> requirements = new ArrayList<>();
  public final double suppressionLimit;
  public final UtilityMetric metric;
  public final String metricName;

  public RandomCase(long seed) {
    Randomness rnd = Randomness.insecureSeeded(seed);
    int rows = 1 + rnd.nextInt(25);
    int q = 1 + rnd.nextInt(3);
    List<String> header = new ArrayList<>();
    List<List<String>> domains = new ArrayList<>();
    for (int j = 0; j < q; j++) {
      String name = "q" + j;
      header.add(name);
      int domain = 1 + rnd.nextInt(5);
      List<String> values = new ArrayList<>();
      for (int v = 0; v < domain; v++) {
        values.add("v" + v);
      }
      domains.add(values);
      qis.add(name);
      hierarchies.add(randomHierarchy(rnd, values, 2 + rnd.nextInt(3)));
    }
    header.add("s");
    int sDomain = 1 + rnd.nextInt(4);
    List<String> sValues = new ArrayList<>();
    for (int v = 0; v < sDomain; v++) {
      sValues.add(Integer.toString(v));
    }
    sensitiveHierarchy = randomHierarchy(rnd, sValues, 2 + rnd.nextInt(3));
    Table.Builder b = Table.builder(header);
    List<String> population = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      List<String> row = new ArrayList<>();
      for (int j = 0; j < q; j++) {
        List<String> d = domains.get(j);
        row.add(d.get(rnd.nextInt(d.size())));
      }
      String s = sValues.get(rnd.nextInt(sValues.size()));
      row.add(s);
      population.add(s);
      b.addRow(row);
    }
    table = b.build();
    int k = 2 + rnd.nextInt(3);
    models.add(KAnonymity.of(k));
    requirements.add(IndependentChecker.k(k));
    double[] ts = {0.2345678, 0.4567891};
    switch (rnd.nextInt(7)) {
      case 0:
        int l = 2 + rnd.nextInt(2);
        models.add(LDiversity.distinct("s", l));
        requirements.add(IndependentChecker.distinctL(l));
        break;
      case 1:
        double el = rnd.nextBoolean() ? 2.0 : 2.5;
        models.add(LDiversity.entropy("s", el));
        requirements.add(IndependentChecker.entropyL(el));
        break;
      case 2:
        double c = 1 + rnd.nextInt(3);
        int rl = 2 + rnd.nextInt(2);
        models.add(LDiversity.recursive("s", c, rl));
        requirements.add(IndependentChecker.recursive(c, rl));
        break;
      case 3:
        double t = ts[rnd.nextInt(2)];
        models.add(TCloseness.equalDistance("s", t));
        requirements.add(IndependentChecker.t(t, population, IndependentChecker.equalGround()));
        break;
      case 4:
        double to = ts[rnd.nextInt(2)];
        models.add(TCloseness.ordered("s", to));
        requirements.add(
            IndependentChecker.t(to, population, IndependentChecker.orderedGround(population)));
        break;
      case 5:
        double th = ts[rnd.nextInt(2)];
        models.add(TCloseness.hierarchical("s", sensitiveHierarchy, th));
        requirements.add(
            IndependentChecker.t(
                th, population, IndependentChecker.hierarchicalGround(sensitiveHierarchy)));
        break;
      default:
        break;
    }
    double[] limits = {0, 0, 0.1, 0.25, 1.0};
    suppressionLimit = limits[rnd.nextInt(limits.length)];
    metricName = METRICS.get(rnd.nextInt(METRICS.size()));
    metric = metric(metricName);
  }

  /** The metric names {@link ExhaustiveSearch} knows. */
  public static final List<String> METRICS =
      List.of("loss", "average-loss", "dm", "entropy", "precision", "aecs");

  /** The library's metric of that name. */
  public static UtilityMetric metric(String name) {
    return Metrics.byName(name);
  }

  /** An anonymizer for this case's quasi-identifiers, models and limit, under a metric. */
  public Anonymizer anonymizer(UtilityMetric metric) {
    Anonymizer.Builder b = Anonymizer.builder();
    for (int j = 0; j < qis.size(); j++) {
      b.quasiIdentifier(qis.get(j), hierarchies.get(j));
    }
    for (PrivacyModel m : models) {
      b.model(m);
    }
    return b.sensitive("s").suppressionLimit(suppressionLimit).metric(metric).build();
  }

  /**
   * A random hierarchy that is a tree: each value gets a random number r; level l (between the
   * first and the top) is r >> l, so values equal at one level stay equal above it.
   */
  static Hierarchy randomHierarchy(Randomness rnd, List<String> values, int levels) {
    List<List<String>> rows = new ArrayList<>();
    for (String v : values) {
      int r = rnd.nextInt(8);
      List<String> row = new ArrayList<>();
      row.add(v);
      for (int l = 1; l < levels - 1; l++) {
        row.add("L" + l + ":" + (r >> l));
      }
      row.add("*");
      rows.add(row);
    }
    return Hierarchy.of(rows);
  }

  @Override
  public String toString() {
    return "RandomCase[rows="
        + table.rowCount()
        + ", qis="
        + qis
        + ", models="
        + models
        + ", limit="
        + suppressionLimit
        + ", metric="
        + metricName
        + "]";
  }
}

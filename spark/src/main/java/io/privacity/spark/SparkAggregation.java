package io.privacity.spark;

import io.privacity.core.internal.Checks;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.DistributedRelease;
import io.privacity.dp.aggregate.ReleaseKernel;
import io.privacity.dp.mechanism.Guarantee;
import io.privacity.spark.internal.InputColumns;
import io.privacity.spark.internal.InvalidInputException;
import io.privacity.spark.internal.NoiseStage;
import io.privacity.spark.internal.Output;
import io.privacity.spark.internal.ReleaseKey;
import io.privacity.spark.internal.Stages;
import io.privacity.spark.internal.TotalKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A {@link BoundedAggregation} released on an Apache Spark {@code Dataset}: the same spec, the same
 * guarantee and the same semantics as {@link BoundedAggregation#release} on one machine — count,
 * sum, mean, variance and quantiles per partition, with confidence intervals, over public
 * partitions or with private partition selection, or over the whole dataset — computed where the
 * data lives.
 *
 * <pre>{@code
 * BoundedAggregation<String> spec = BoundedAggregation.<String>builder()
 *     .epsilon(1).delta(1e-6)
 *     .contributionBounds(ContributionBounds.builder()
 *         .maxPartitionsContributed(24).maxContributionsPerPartition(4)
 *         .valueBounds(0, 5).build())
 *     .sum().mean()
 *     .accountant(budget).ledger(ledger)
 *     .build();
 * Dataset<Row> released = SparkAggregation.of(spec)
 *     .release(readings, "household", "district_hour", "kwh");
 * released.write().parquet("out/consumption");   // partition column, sum, sum_ci_low, ... mean_ci_high
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>The spec's: (ε, δ)-DP with private partition selection, ε-DP with public partitions or
 * ungrouped, with respect to adding or removing all rows of one privacy unit (one value of the unit
 * column). Derivation: {@code docs/proofs/aggregation.md}; how each step maps onto Spark, and why
 * task retries, speculative tasks and recomputed stages cannot weaken it: {@code docs/spark.md}.
 *
 * <ul>
 *   <li><b>Bounding on the executors.</b> Each map task keeps, per (unit, partition), the number of
 *       rows seen and a uniform reservoir of at most L∞ clamped values; after a shuffle by unit,
 *       every unit is in one task, where its reservoirs are merged exactly (uniform samples of the
 *       union) and a uniformly random subset of at most L0 of its partitions is kept — over all its
 *       rows, wherever they were.
 *   <li><b>Exact sums.</b> Kept values are encoded on the spec's integer lattices and summed as
 *       longs (overflow throws); a shuffle by partition key merges the states with Spark's
 *       aggregation. Nothing is collected to the driver.
 *   <li><b>Noise on the executors</b>, with the library's exact samplers (discrete Laplace,
 *       permute-and-flip) and partition selection; public partitions absent from the data are
 *       released from zero states.
 *   <li><b>Randomness.</b> Every random choice (reservoirs, the L0 choice, selection, noise) comes
 *       from an AES-256-CTR stream keyed by HMAC-SHA256 of a 256-bit release key and a label (the
 *       map task, the unit, the partition key). The release key is drawn on the driver from the
 *       spec's randomness — {@code Randomness.secure()} by default; a spec built with {@code
 *       Randomness.insecureSeeded} makes the whole release reproducible, for tests only.
 *   <li><b>One charge, one ledger entry, single use.</b> The spec is marked released and its
 *       accountant charged once, on the driver, after the bounding job and before any noise is
 *       drawn; then the noise job runs and the release is appended to the spec's ledger on the
 *       driver. The spec is single use across both engines: a spec released here cannot be released
 *       on one machine, and the other way round.
 * </ul>
 *
 * <h2>The returned Dataset</h2>
 *
 * <p>The partition column under its input name (omitted for an ungrouped spec), then {@code count},
 * {@code sum}, {@code mean}, {@code variance} and {@code q<rank>} (e.g. {@code q0.5}; quote it as
 * {@code `q0.5`} in Spark SQL) for the statistics the spec releases, each statistic with a
 * confidence interval followed by {@code <stat>_ci_low} and {@code <stat>_ci_high}; counts and
 * their interval ends are {@code long}, the rest {@code double}. The Dataset is materialized once
 * (local checkpoint, eager) before this method returns: reading it again reads the same values and
 * never recomputes noise; if an executor holding part of it is lost, reading fails rather than
 * recomputing (write it out to keep it).
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>The unit column is the privacy unit: one value per person (household, card, vehicle), the
 *       same value in every row of that person, and no other person's rows under it.
 *   <li>Bounds, ranks and public partitions must not depend on the data being released.
 *   <li>The input should be deterministic (a table, files, a cached Dataset): Spark recomputes lost
 *       stages from the input, and a recomputation sees the same rows only if the input does.
 *   <li>Executors see the raw rows and the release key (as they always see the data): secure the
 *       cluster (authentication, encryption of RPC, shuffle and spill files) as for the raw data.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * <p>A missing column, a column whose type cannot serve (e.g. a double unit column, a map partition
 * column, a string value column), public partitions of another type than the partition column, or a
 * null unit, partition or value or a non-finite value in the data: an {@link
 * IllegalArgumentException} naming the column — before anything is charged (nulls are found by the
 * bounding job, which runs before the charge; nothing noisy is computed before the charge). A spent
 * budget is refused before any job runs (the accountant's advisory check), and again atomically by
 * the charge itself.
 *
 * <p>Floating-point safety and statistics are those of {@link BoundedAggregation}. Instances are
 * single use (as the spec); not thread-safe.
 *
 * <h2>Citations</h2>
 *
 * <ul>
 *   <li>R. Wilson, C. Zhang, W. Lam, D. Desfontaines, D. Simmons-Marengo, B. Gipson. Differentially
 *       Private SQL with Bounded User Contribution. PoPETs 2020 (bounding per unit, then
 *       aggregation).
 *   <li>D. Desfontaines, J. Voss, B. Gipson, C. Mandayam. Differentially private partition
 *       selection. PoPETs 2022.
 *   <li>J. Vitter. Random Sampling with a Reservoir. ACM TOMS 1985 (the per-task reservoirs, merged
 *       as uniform samples of the union).
 *   <li>M. Zaharia et al. Apache Spark: A Unified Engine for Big Data Processing. CACM 2016.
 *   <li>Google's PipelineDP4j (DP aggregations on Beam and Spark), for the shape of the pipeline.
 * </ul>
 *
 * @param <K> the partition key type: {@code String}, {@code Integer}, {@code Long}, {@code Short},
 *     {@code Byte} or {@code Boolean}, matching the partition column's type
 */
public final class SparkAggregation<K> {
  private static final System.Logger LOG = System.getLogger(SparkAggregation.class.getName());

  private final BoundedAggregation<K> spec;
  private List<String> warnings = List.of();
  private long partitionsReleased = -1;

  private SparkAggregation(BoundedAggregation<K> spec) {
    this.spec = spec;
  }

  /**
   * A Spark release of a spec.
   *
   * @param spec the aggregation, not yet released
   * @param <K> the partition key type
   * @return the Spark aggregation
   * @throws IllegalArgumentException if spec is null
   */
  public static <K> SparkAggregation<K> of(BoundedAggregation<K> spec) {
    return new SparkAggregation<>(Checks.notNull("spec", spec));
  }

  /**
   * The guarantee of the release (the spec's).
   *
   * @return the guarantee
   */
  public Guarantee guarantee() {
    return spec.guarantee();
  }

  /**
   * The selection threshold τ in units (0 with public partitions or ungrouped); see {@link
   * BoundedAggregation#selectionThreshold()}.
   *
   * @return τ
   */
  public long selectionThreshold() {
    return spec.selectionThreshold();
  }

  /**
   * What the caller should know about the last release (few or no partitions released by private
   * selection, with τ and how to release more); empty before a release. Derived from the released
   * output and public parameters only. Also logged at WARNING level.
   *
   * @return the warnings
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * How many partitions the release released (rows of the returned Dataset), or −1 before it.
   *
   * @return the number of released partitions
   */
  public long partitionsReleased() {
    return partitionsReleased;
  }

  /**
   * Releases the spec's statistics of {@code input}, grouped by {@code partitionColumn}, bounding
   * each value of {@code unitColumn}.
   *
   * @param input the rows, not null
   * @param unitColumn the privacy unit's column: tinyint, smallint, int, bigint, string or binary;
   *     not null
   * @param partitionColumn the partition key's column: string, tinyint, smallint, int, bigint or
   *     boolean; null exactly when the spec is {@link BoundedAggregation.Builder#ungrouped()
   *     ungrouped}
   * @param valueColumn the value's column, numeric; may be null for count-only specs (if given, its
   *     values are still checked)
   * @return the released statistics, one row per released partition (one row when ungrouped)
   * @throws IllegalArgumentException for bad input (see the class documentation), before any charge
   * @throws IllegalStateException if the spec was already released
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the spec's accountant
   *     refuses the charge; no noise was drawn and the spec stays unreleased
   */
  public Dataset<Row> release(
      Dataset<Row> input, String unitColumn, String partitionColumn, String valueColumn) {
    Checks.notNull("input", input);
    DistributedRelease<K> release = spec.distributedRelease();
    ReleaseKernel kernel = release.kernel();
    if (kernel.ungrouped() && partitionColumn != null) {
      throw new IllegalArgumentException(
          "partitionColumn must be null for an ungrouped aggregation (statistics of the whole"
              + " dataset), got \""
              + partitionColumn
              + "\"");
    }
    if (!kernel.ungrouped() && partitionColumn == null) {
      throw new IllegalArgumentException(
          "partitionColumn must name a column (the aggregation is grouped), got null");
    }
    if (kernel.needsValues() && valueColumn == null) {
      throw new IllegalArgumentException(
          "valueColumn must name a numeric column (the aggregation releases value statistics),"
              + " got null");
    }
    InputColumns columns =
        InputColumns.check(input.schema(), unitColumn, partitionColumn, valueColumn);
    Set<Object> publicKeys = null;
    if (kernel.ungrouped()) {
      publicKeys = Set.of(TotalKey.INSTANCE);
    } else if (release.publicPartitions() != null) {
      columns.checkPublicKeys(release.publicPartitions());
      publicKeys = new HashSet<>(release.publicPartitions());
    }
    boolean charged = false;
    if (!release.canCharge()) {
      release.charge(); // throws the refusal before anything runs
      charged = true;
    }
    ReleaseKey key = ReleaseKey.draw(release.randomness());
    JavaRDD<Tuple2<Object, Object>> states =
        Stages.boundedStates(input, columns, kernel, key, publicKeys);
    states.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      states.count(); // stage 1, shuffle by unit, stage 2, shuffle and merge by key: no noise
      if (!charged) {
        release.charge();
      }
      Output output = new Output(columns, kernel);
      JavaRDD<Row> rows = states.mapPartitions(new NoiseStage(kernel, key, output));
      Dataset<Row> released =
          input.sparkSession().createDataFrame(rows, output.schema()).localCheckpoint(true);
      partitionsReleased = released.count();
      warnings = release.record(partitionsReleased);
      for (String w : warnings) {
        LOG.log(System.Logger.Level.WARNING, w);
      }
      return released;
    } catch (Exception e) { // Spark's SparkException is checked, though Scala does not declare it
      throw invalidInput(e);
    } finally {
      states.unpersist(false);
    }
  }

  /** An executor's bad-input error, as the IllegalArgumentException it is; others unchanged. */
  private static RuntimeException invalidInput(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException) {
        return new IllegalArgumentException(t.getMessage(), e);
      }
    }
    return e instanceof RuntimeException ? (RuntimeException) e : SparkAggregation.sneaky(e);
  }

  /** Rethrows a checked exception (Spark's) unchanged, as Scala code does. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
    throw (E) e;
  }

  @Override
  public String toString() {
    return "SparkAggregation{" + spec + "}";
  }
}

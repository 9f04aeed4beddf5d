/**
 * Differentially private aggregations with contribution bounding and private partition selection:
 * count, sum, mean, variance and quantiles, per partition (group-by) or over the whole input.
 *
 * <p>Entry point: {@link io.privacity.dp.aggregate.BoundedAggregation}. Records are added to an
 * {@link io.privacity.dp.aggregate.Accumulator} (one per shard), which bounds each privacy unit's
 * contributions with uniform reservoir sampling; accumulators merge and serialize; noise is added
 * once, at {@link io.privacity.dp.aggregate.BoundedAggregation#release}. Proofs: {@code
 * docs/proofs/aggregation.md}.
 */
package io.privacity.dp.aggregate;

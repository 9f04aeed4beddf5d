/**
 * Differential privacy and pseudonyms on Apache Spark: {@link io.privacity.spark.SparkAggregation}
 * releases a {@link io.privacity.dp.aggregate.BoundedAggregation} on a {@code Dataset} (bounding,
 * exact sums, selection and noise on the executors; one charge and one ledger entry on the driver);
 * {@link io.privacity.spark.SparkPseudonymizer} turns identifier columns into keyed pseudonyms. See
 * {@code docs/spark.md}.
 */
package io.privacity.spark;

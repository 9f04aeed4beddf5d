/**
 * Runnable Spark examples (not part of the library jar): the smart-meter job and the benchmark
 * runner, launched by {@link io.privacity.spark.examples.Main} from {@code
 * privacity-spark-examples.jar}.
 */
package io.privacity.spark.examples;

/**
 * Privacity differential privacy: floating-point-safe noise mechanisms, bounded aggregations,
 * geo-indistinguishability, continual release, local DP and a statistical DP auditor.
 */
@SuppressWarnings("requires-automatic") // commons-math3 3.6.1 has no module name of its own
module io.privacity.dp {
  requires transitive io.privacity.core;
  requires com.google.gson;
  requires commons.math3;

  exports io.privacity.dp.aggregate;
  exports io.privacity.dp.audit;
  exports io.privacity.dp.geo;
  exports io.privacity.dp.local;
  exports io.privacity.dp.mechanism;
  exports io.privacity.dp.stream;
}

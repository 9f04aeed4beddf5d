package io.privacity.spark;

import io.privacity.dp.aggregate.ContributionBounds;

/** Contribution bounds of the tests' specs. */
final class Specs {
  private Specs() {}

  /** L0, L∞ and values in [0, 5]. */
  static ContributionBounds bounds(int l0, int linf) {
    return ContributionBounds.builder()
        .maxPartitionsContributed(l0)
        .maxContributionsPerPartition(linf)
        .valueBounds(0, 5)
        .build();
  }

  /** L0 and L∞ only, for count-only specs. */
  static ContributionBounds counting(int l0, int linf) {
    return ContributionBounds.builder()
        .maxPartitionsContributed(l0)
        .maxContributionsPerPartition(linf)
        .build();
  }
}

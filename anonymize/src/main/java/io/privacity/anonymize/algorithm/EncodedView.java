package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.metric.Partition;

/**
 * What every partition of an encoded input knows regardless of its classes: the rows, the
 * quasi-identifiers, the levels of the generalization, the hierarchies' heights and the entropy of
 * generalizing each attribute.
 */
abstract class EncodedView implements Partition {
  final Encoded e;
  final int[] levels;

  EncodedView(Encoded e, int[] levels) {
    this.e = e;
    this.levels = levels;
  }

  @Override
  public int rowCount() {
    return e.rows;
  }

  @Override
  public int quasiIdentifierCount() {
    return e.qiCount;
  }

  @Override
  public int level(int qi) {
    return levels[qi];
  }

  @Override
  public int height(int qi) {
    return e.maxLevel[qi];
  }

  @Override
  public double generalizationEntropy(int qi) {
    return e.entropy[qi][levels[qi]];
  }
}

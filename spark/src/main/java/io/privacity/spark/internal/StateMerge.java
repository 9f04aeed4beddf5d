package io.privacity.spark.internal;

import io.privacity.dp.aggregate.ReleaseKernel;
import java.io.Serializable;
import org.apache.spark.Aggregator;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * Spark's aggregation of partition states by key: exact long addition ({@link
 * ReleaseKernel#merge}), so any order and any spill of Spark's external map give the same sums.
 */
final class StateMerge {
  private StateMerge() {}

  static Aggregator<Object, Object, Object> aggregator(ReleaseKernel kernel) {
    return new Aggregator<>(new Create(), new Merge(kernel), new Merge(kernel));
  }

  private static final class Create extends AbstractFunction1<Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object state) {
      return ((long[]) state).clone();
    }
  }

  private static final class Merge extends AbstractFunction2<Object, Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ReleaseKernel kernel;

    Merge(ReleaseKernel kernel) {
      this.kernel = kernel;
    }

    @Override
    public Object apply(Object into, Object from) {
      kernel.merge((long[]) into, (long[]) from);
      return into;
    }
  }
}

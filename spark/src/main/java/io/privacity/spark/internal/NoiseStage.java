package io.privacity.spark.internal;

import io.privacity.dp.aggregate.ReleaseKernel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Stage 3, after the shuffle by partition key has merged each partition's exact state: partition
 * selection (private keys) and the noisy statistics, drawn here with the library's samplers from
 * the partition key's own keyed stream — so every attempt of this task, and any recomputation,
 * releases the same value for a partition: one noisy value per partition can ever exist.
 */
public final class NoiseStage implements FlatMapFunction<Iterator<Tuple2<Object, Object>>, Row> {
  private static final long serialVersionUID = 1L;
  static final byte LABEL = 'n';

  private final ReleaseKernel kernel;
  private final ReleaseKey key;
  private final Output output;

  /**
   * Stage 3 of a release.
   *
   * @param kernel the aggregation's kernel
   * @param key the release key
   * @param output the output columns
   */
  public NoiseStage(ReleaseKernel kernel, ReleaseKey key, Output output) {
    this.kernel = kernel;
    this.key = key;
    this.output = output;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<Object, Object>> states) {
    KeyedRandomness randomness = new KeyedRandomness(key);
    ReleaseKernel.Noise noise = kernel.noise(randomness);
    List<Row> rows = new ArrayList<>();
    while (states.hasNext()) {
      Tuple2<Object, Object> s = states.next();
      long[] state = (long[]) s._2();
      randomness.rekey(Wire.label(LABEL, s._1()));
      if (noise.selects(state)) {
        rows.add(output.row(s._1(), noise.release(s._1(), state)));
      }
    }
    return rows.iterator();
  }
}

package io.privacity.examples.quickstart;

import io.privacity.anonymize.algorithm.AnonymizationResult;
import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchies;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.model.KAnonymity;
import java.util.List;

/** Quick start (privacity-anonymize): a 2-anonymous release of a small table. */
public class KAnonymousTable {
  public static void main(String[] args) {
    Table trips =
        Table.builder("age", "zip", "station")
            .addRow("34", "72070", "Hauptbahnhof")
            .addRow("36", "72072", "Uni-Klinikum")
            .addRow("38", "72074", "Hauptbahnhof")
            .addRow("52", "72076", "Neckarbrücke")
            .addRow("57", "72070", "Hauptbahnhof")
            .addRow("59", "72072", "Uni-Klinikum")
            .build();
    List<String> ages = List.of("34", "36", "38", "52", "57", "59");
    List<String> zips = List.of("72070", "72072", "72074", "72076");

    AnonymizationResult result =
        Anonymizer.builder()
            .quasiIdentifier("age", Hierarchies.intervals(ages, 10, 20)) // 30-39, 20-39, *
            .quasiIdentifier("zip", Hierarchies.masking(zips)) // 7207*, 720**, ...
            .sensitive("station")
            .model(KAnonymity.of(2))
            .metric(Metrics.loss())
            .build()
            .anonymize(trips);

    System.out.println("generalization levels: " + result.levels());
    Table released = result.table();
    for (int row = 0; row < released.rowCount(); row++) {
      System.out.println(String.join(", ", released.row(row)));
    }
    System.out.printf(
        "highest re-identification risk: %.2f before, %.2f after%n",
        result.riskBefore().prosecutorHighestRisk(), result.riskAfter().prosecutorHighestRisk());
  }
}

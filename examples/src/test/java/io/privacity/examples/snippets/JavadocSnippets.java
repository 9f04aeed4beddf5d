package io.privacity.examples.snippets;

import io.privacity.anonymize.algorithm.AnonymizationResult;
import io.privacity.anonymize.algorithm.Anonymizer;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.CsvReader;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchies;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerPublicKey;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.report.TransparencyReport;
import io.privacity.dp.aggregate.Accumulator;
import io.privacity.dp.aggregate.AggregationResult;
import io.privacity.dp.aggregate.BoundedAggregation;
import io.privacity.dp.aggregate.ContributionBounds;
import io.privacity.dp.aggregate.DpValue;
import io.privacity.dp.audit.AuditResult;
import io.privacity.dp.audit.DpAuditor;
import io.privacity.dp.geo.DpHeatMap;
import io.privacity.dp.geo.GeoPoint;
import io.privacity.dp.geo.GeoRegion;
import io.privacity.dp.geo.LocationReporter;
import io.privacity.dp.geo.PlanarLaplace;
import io.privacity.dp.mechanism.DiscreteGaussianMechanism;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.GaussianMechanism;
import io.privacity.dp.mechanism.LaplaceMechanism;
import io.privacity.dp.mechanism.Subsample;
import io.privacity.dp.stream.ContinualCounter;
import io.privacity.dp.stream.WEventPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The usage examples of the library's javadoc ({@code <pre>{@code ...}</pre>} blocks of more than
 * one line), compiled. Each sits between {@code // snippet FILE#N} and {@code // end snippet},
 * where FILE is the main source file and N the block's number in it; {@link JavadocSnippetsTest}
 * checks that each block's code is the code here (whitespace aside, as the formatter lays code out
 * its own way). The methods' parameters are the names the examples take from their context. Never
 * run: compiling is the check.
 */
@SuppressWarnings({"unused", "UnusedVariable"})
final class JavadocSnippets {
  private JavadocSnippets() {}

  /** A trip of the heat-map example. */
  record Trip(long bikeId, GeoPoint start) {}

  static void transparencyReport(PrivacyAccountant accountant) throws IOException {
    // snippet core/src/main/java/io/privacity/core/report/TransparencyReport.java#1
    TransparencyReport.builder()
        .title("City of Example: bike-share data office")
        .ledger(Path.of("ledger.jsonl"))
        .checkpoint(
            Path.of("ledger.checkpoint"), LedgerPublicKey.readFrom(Path.of("ledger.pub.pem")))
        .budget("bike trips, January 2014", accountant)
        .build()
        .render(Path.of("site"));
    // end snippet
  }

  static void privacyAccountant(TransparencyLedger ledger) {
    // snippet core/src/main/java/io/privacity/core/accounting/PrivacyAccountant.java#1
    PrivacyAccountant accountant = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1.0, 1e-6));
    accountant.charge(
        "trips per station, May", PrivacyLoss.pure(0.1)); // or throws, spending nothing

    PrivacyAccountant zcdp =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1.0, 1e-6))
            .composition(Composition.zcdp(1e-7))
            .onCharge(
                c ->
                    ledger.append(
                        LedgerEventType.BUDGET_CHARGE,
                        c.label(),
                        Map.of("loss", c.loss().toString())))
            .build();
    // end snippet
  }

  static void accountantFromJson(String saved, TransparencyLedger ledger) {
    // snippet core/src/main/java/io/privacity/core/accounting/PrivacyAccountant.java#2
    PrivacyAccountant budget =
        PrivacyAccountant.fromJson(
            saved,
            c ->
                ledger.append(
                    LedgerEventType.BUDGET_CHARGE, c.label(), Map.of("loss", c.loss().toString())));
    // end snippet
  }

  static void boundedAggregation(String householdId, String district, double kWh) {
    // snippet dp/src/main/java/io/privacity/dp/aggregate/BoundedAggregation.java#1
    BoundedAggregation<String> q =
        BoundedAggregation.<String>builder()
            .epsilon(1)
            .delta(1e-6)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(4)
                    .maxContributionsPerPartition(2)
                    .valueBounds(0, 5)
                    .build())
            .count()
            .sum()
            .mean()
            .build();
    Accumulator<String> acc = q.newAccumulator();
    acc.add(householdId, district, kWh); // for every record, in any order
    AggregationResult<String> r = q.release(acc); // once
    // end snippet
  }

  static void ungrouped(String household, double kWh) {
    // snippet dp/src/main/java/io/privacity/dp/aggregate/BoundedAggregation.java#2
    BoundedAggregation<Object> total =
        BoundedAggregation.builder()
            .epsilon(1)
            .contributionBounds(
                ContributionBounds.builder()
                    .maxPartitionsContributed(1)
                    .maxContributionsPerPartition(48)
                    .valueBounds(0, 5)
                    .build())
            .count()
            .sum()
            .mean()
            .ungrouped()
            .build();
    Accumulator<Object> acc = total.newAccumulator();
    acc.addToTotal(household, kWh); // for every record
    DpValue meanKWh = total.release(acc).total().mean();
    // end snippet
  }

  static void auditor() {
    // snippet dp/src/main/java/io/privacity/dp/audit/DpAuditor.java#1
    LaplaceMechanism lap = LaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
    AuditResult r =
        DpAuditor.builder().samples(400_000).build().audit((Double x) -> lap.addNoise(x), 0.0, 1.0);
    boolean refuted = r.refutes(lap.guarantee().loss()); // true would refute the claim at 95%
    // end snippet
  }

  static void planarLaplace(GeoPoint truePosition) {
    // snippet dp/src/main/java/io/privacity/dp/geo/PlanarLaplace.java#1
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .privacyLevel(2, 500) // ℓ = 2 within r = 500 m: ε = 0.004 per metre
            .origin(GeoPoint.of(37.7793, -122.4193)) // public grid reference (city centre)
            .build();
    GeoPoint reported = pl.obfuscate(truePosition);
    // end snippet
  }

  static void locationReporter(PlanarLaplace planarLaplace, GeoPoint gpsFix) {
    // snippet dp/src/main/java/io/privacity/dp/geo/LocationReporter.java#1
    PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.pure(10));
    LocationReporter reporter =
        LocationReporter.builder()
            .mechanism(planarLaplace)
            .accountant(budget)
            .protectionRadiusMeters(500)
            .moveThresholdMeters(100)
            .build();
    GeoPoint shown = reporter.report(gpsFix);
    // end snippet
  }

  static void heatMap(GeoPoint sw, GeoPoint ne, PrivacyAccountant budget, List<Trip> trips) {
    // snippet dp/src/main/java/io/privacity/dp/geo/DpHeatMap.java#1
    DpHeatMap map =
        DpHeatMap.builder()
            .bounds(GeoRegion.boundingBox(sw, ne))
            .rows(40)
            .columns(40)
            .maxCellsPerPerson(3)
            .epsilon(1)
            .accountant(budget)
            .build();
    trips.forEach(t -> map.add(t.bikeId(), t.start()));
    DpHeatMap.Release heat = map.release();
    // end snippet
  }

  static void discreteGaussian() {
    // snippet dp/src/main/java/io/privacity/dp/mechanism/DiscreteGaussianMechanism.java#1
    DiscreteGaussianMechanism dg =
        DiscreteGaussianMechanism.builder().rho(0.5).l2Sensitivity(1).build();
    long noisyCount = dg.addNoise(1234L);
    // end snippet
  }

  static void gaussian() {
    // snippet dp/src/main/java/io/privacity/dp/mechanism/GaussianMechanism.java#1
    GaussianMechanism gauss =
        GaussianMechanism.builder().epsilon(1).delta(1e-6).l2Sensitivity(1).build();
    double noisySum = gauss.addNoise(5321.0);
    // end snippet
  }

  static void laplace() {
    // snippet dp/src/main/java/io/privacity/dp/mechanism/LaplaceMechanism.java#1
    LaplaceMechanism laplace = LaplaceMechanism.builder().epsilon(0.5).l1Sensitivity(1).build();
    double noisyCount = laplace.addNoise(1234.0);
    // end snippet
  }

  static void discreteLaplace() {
    // snippet dp/src/main/java/io/privacity/dp/mechanism/DiscreteLaplaceMechanism.java#1
    DiscreteLaplaceMechanism dl =
        DiscreteLaplaceMechanism.builder().epsilon(1).l1Sensitivity(1).build();
    long noisyCount = dl.addNoise(1234L);
    // end snippet
  }

  static double sum(List<Double> sample) {
    return sample.stream().mapToDouble(Double::doubleValue).sum();
  }

  static void subsample(List<Double> trips) {
    // snippet dp/src/main/java/io/privacity/dp/mechanism/Subsample.java#1
    PrivacyAccountant budget =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(3, 1e-6))
            .composition(Composition.pld(1e-6))
            .build();
    GaussianMechanism g =
        GaussianMechanism.builder().l2Sensitivity(1).rho(0.5).build(); // no accountant
    double noisySum =
        Subsample.poisson(0.01)
            .run(
                budget,
                "hourly sum",
                trips,
                g.guarantee().loss(),
                sample -> g.addNoise(sum(sample)));
    // end snippet
  }

  static void wEvent(long[] countsThisHour) {
    // snippet dp/src/main/java/io/privacity/dp/stream/WEventPublisher.java#1
    WEventPublisher pub =
        WEventPublisher.builder()
            .epsilon(1.0)
            .window(24)
            .dimension(70)
            .strategy(WEventPublisher.Strategy.BUDGET_ABSORPTION)
            .build();
    WEventPublisher.Release r = pub.publish(countsThisHour);
    // end snippet
  }

  static void continualCounter(PrivacyAccountant cityBudget, long tripsThisHour) {
    // snippet dp/src/main/java/io/privacity/dp/stream/ContinualCounter.java#1
    ContinualCounter counter =
        ContinualCounter.builder()
            .epsilon(1.0)
            .horizon(24 * 365) // or .unboundedHorizon()
            .accountant(cityBudget) // charged once, in build()
            .build();
    long released = counter.next(tripsThisHour);
    // end snippet
  }

  static void anonymizer(Table table, Hierarchy ageHierarchy) {
    // snippet anonymize/src/main/java/io/privacity/anonymize/algorithm/Anonymizer.java#1
    AnonymizationResult r =
        Anonymizer.builder()
            .quasiIdentifier("age", ageHierarchy)
            .quasiIdentifier("zip", Hierarchies.masking(table.column("zip").dictionary()))
            .sensitive("diagnosis")
            .model(KAnonymity.of(5))
            .model(LDiversity.distinct("diagnosis", 3))
            .suppressionLimit(0.02)
            .metric(Metrics.loss())
            .build()
            .anonymize(table);
    // end snippet
  }

  static void csvReader() {
    // snippet anonymize/src/main/java/io/privacity/anonymize/data/CsvReader.java#1
    Table t =
        CsvReader.builder()
            .charset(StandardCharsets.ISO_8859_1) // default UTF-8
            .type("age", ColumnType.INTEGER) // default STRING
            .build() // delimiter detected: ',' ';' or tab
            .read(Path.of("census.csv.gz"));
    // end snippet
  }
}

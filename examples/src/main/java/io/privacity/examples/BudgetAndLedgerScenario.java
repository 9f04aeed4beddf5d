package io.privacity.examples;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Charge;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.accounting.PrivacyBudgetExceededException;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.ledger.VerificationResult;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A city data office answers a stream of analyst queries about January's bike trips from a fixed
 * privacy budget: each answer is a Laplace-noised count charged to a {@link PrivacyAccountant}
 * before any noise is drawn, and every charge and release is written to a file-backed {@link
 * TransparencyLedger}. Once the budget is spent, queries are refused and nothing is released. The
 * budget survives a restart (JSON snapshot), and a tampered copy of the ledger is caught by {@code
 * verify()}.
 */
public final class BudgetAndLedgerScenario implements Scenario {
  private static final double EPSILON_BUDGET = 1.0;
  private static final double EPSILON_PER_QUERY = 0.25;

  /** Creates the scenario. */
  public BudgetAndLedgerScenario() {}

  @Override
  public String name() {
    return "budget-and-ledger";
  }

  @Override
  public String description() {
    return "A data office answers analyst queries from a fixed budget, refuses once spent, and"
        + " detects a tampered ledger line";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    var out = context.out();
    List<String[]> trips = readTrips(context.data("bikeshare/batrips_2014-01.csv"));
    out.printf("Data: %,d bike trips of January 2014 (Bay Area Bike Share).%n", trips.size());

    Path ledgerFile = context.outputFile("budget-and-ledger.ledger.jsonl");
    Files.deleteIfExists(ledgerFile);
    Path snapshotFile = context.outputFile("budget-and-ledger.budget.json");

    try (TransparencyLedger ledger = TransparencyLedger.openFile(ledgerFile)) {
      PrivacyAccountant accountant =
          PrivacyAccountant.builder()
              .budget(PrivacyLoss.pure(EPSILON_BUDGET))
              .onCharge(c -> ledgerCharge(ledger, c))
              .build();
      // Each answer is a count: one trip changes it by at most 1. (Here a trip is the privacy
      // unit; protecting a rider with many trips needs contribution bounding, see bike-trips.)
      LaplaceMechanism laplace =
          LaplaceMechanism.builder()
              .epsilon(EPSILON_PER_QUERY)
              .l1Sensitivity(1)
              .randomness(Randomness.secure())
              .build();
      out.printf(
          "Budget: %s for the month; every query costs %s.%n%n",
          accountant.budget(), laplace.guarantee().loss());

      Map<String, Predicate<String[]>> queries = new LinkedHashMap<>();
      queries.put("trips by subscribers", t -> t[9].equals("Subscriber"));
      queries.put("trips by day-pass customers", t -> t[9].equals("Customer"));
      queries.put("trips longer than one hour", t -> Long.parseLong(t[1]) > 3600);
      queries.put("trips starting at 2nd at Townsend", t -> t[3].equals("2nd at Townsend"));
      queries.put("trips ending at Caltrain (Townsend at 4th)", t -> t[6].contains("Caltrain"));
      queries.put("trips from zip code 94107", t -> t[10].equals("94107"));

      out.printf("%-44s %10s %22s  %s%n", "query", "answer", "95% CI", "budget left (ε)");
      for (Map.Entry<String, Predicate<String[]>> q : queries.entrySet()) {
        long truth = trips.stream().filter(q.getValue()).count();
        try {
          // Fail closed: charge first; a refused charge throws before any noise is drawn.
          accountant.charge(q.getKey(), laplace.guarantee().loss());
        } catch (PrivacyBudgetExceededException e) {
          out.printf("%-44s %10s  refused: budget exhausted, nothing released%n", q.getKey(), "—");
          ledger.append(
              LedgerEventType.OTHER,
              "query refused: budget exhausted",
              Map.of("query", q.getKey(), "requested", e.requested().toString()));
          continue;
        }
        long answer = laplace.addNoise(truth);
        ConfidenceInterval ci = laplace.confidenceInterval(answer, 0.95);
        ledger.append(
            LedgerEventType.RELEASE,
            "released: " + q.getKey(),
            Map.of("answer", Long.toString(answer), "guarantee", laplace.guarantee().toJson()));
        out.printf(
            "%-44s %,10d %22s  %.2f%n",
            q.getKey(),
            answer,
            String.format("[%,.0f, %,.0f]", ci.lower(), ci.upper()),
            accountant.remaining().epsilon());
      }

      // A restart: the budget is restored from its snapshot and still refuses.
      Files.writeString(snapshotFile, accountant.toJson());
      PrivacyAccountant restored = PrivacyAccountant.fromJson(Files.readString(snapshotFile));
      out.printf(
          "%nAfter a restart from %s: spent %s, remaining %s; a new query is %s.%n",
          snapshotFile.getFileName(),
          restored.spent(),
          restored.remaining(),
          restored.canCharge(PrivacyLoss.pure(EPSILON_PER_QUERY)) ? "accepted" : "refused");

      VerificationResult ok = ledger.verify();
      out.printf(
          "Ledger %s: %d entries, head %s…, verify(): %s%n",
          ledgerFile.getFileName(), ledger.size(), ledger.head().substring(0, 16), ok);
      String publishedHead = ledger.head();

      // Someone edits a released answer in a copy of the ledger.
      Path tampered = context.outputFile("budget-and-ledger.tampered.jsonl");
      List<String> lines = new ArrayList<>(Files.readAllLines(ledgerFile));
      int target = -1;
      for (int i = 0; i < lines.size() && target < 0; i++) {
        if (lines.get(i).contains("\"type\":\"RELEASE\"")) {
          target = i;
        }
      }
      lines.set(target, lines.get(target).replace("\"answer\":\"", "\"answer\":\"1"));
      Files.write(tampered, lines);
      VerificationResult bad = TransparencyLedger.verifyCopy(tampered, publishedHead);
      out.printf(
          "Tampered copy %s (line %d edited): verify(): %s%n",
          tampered.getFileName(), target + 1, bad);
      if (bad.isOk()) {
        throw new IllegalStateException("tampering was not detected");
      }
    }
  }

  private static void ledgerCharge(TransparencyLedger ledger, Charge charge) {
    ledger.append(
        LedgerEventType.BUDGET_CHARGE,
        "charged: " + charge.label(),
        Map.of("loss", charge.loss().toString(), "time", charge.time().toString()));
  }

  /** Reads the trips CSV (plain or gzip) with Commons CSV; header row skipped. */
  static List<String[]> readTrips(Path csv) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (Reader r =
            csv.toString().endsWith(".gz")
                ? new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(csv)), StandardCharsets.UTF_8)
                : Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      for (CSVRecord record : parser) {
        rows.add(record.values());
      }
    }
    return rows;
  }
}

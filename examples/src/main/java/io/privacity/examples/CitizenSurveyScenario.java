package io.privacity.examples;

import io.privacity.core.random.Randomness;
import io.privacity.dp.local.FrequencyAggregator;
import io.privacity.dp.local.FrequencyEstimate;
import io.privacity.dp.local.FrequencyOracle;
import io.privacity.dp.local.KrrClient;
import io.privacity.dp.local.KrrServer;
import io.privacity.dp.local.LdpReport;
import io.privacity.dp.local.LocalRandomizer;
import io.privacity.dp.local.MemoizingRandomizer;
import io.privacity.dp.local.OlhClient;
import io.privacity.dp.local.OlhReport;
import io.privacity.dp.local.OlhServer;
import io.privacity.dp.local.OueClient;
import io.privacity.dp.local.OueServer;
import io.privacity.dp.mechanism.ConfidenceInterval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * "Which bus line do you use?" asked of 100 000 citizens without the city ever holding a true
 * answer: each phone randomizes its answer with optimized local hashing (ε = 1, local DP) and the
 * city estimates how many citizens use each of 30 lines, with error bars. Compares OLH with k-ary
 * randomized response and OUE, and shows why daily re-reporting needs memoization. Writes {@code
 * citizen-survey.png}.
 */
public final class CitizenSurveyScenario implements Scenario {
  private static final int LINES = 30;
  private static final int CITIZENS = 100_000;
  private static final double EPSILON = 1.0;

  /** Creates the scenario. */
  public CitizenSurveyScenario() {}

  @Override
  public String name() {
    return "citizen-survey";
  }

  @Override
  public String description() {
    return "local DP survey of 100k citizens' bus lines with OLH: estimates vs truth (PNG)";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    // Reproducible for the example only: phones use the default Randomness.secure().
    Randomness random = Randomness.insecureSeeded(30);
    int[] answers = zipfAnswers(random);
    long[] truth = new long[LINES];
    for (int a : answers) {
      truth[a]++;
    }
    FrequencyOracle olh = FrequencyOracle.optimizedLocalHashing(LINES, EPSILON);
    context
        .out()
        .printf(
            "%d citizens, %d bus lines (Zipf-like), %s, realized eps = %.6f per report%n",
            CITIZENS, LINES, olh, olh.epsilon());

    FrequencyEstimate estimate = survey(answers, OlhClient.of(olh, random), OlhServer.of(olh));
    int covered = 0;
    for (int line = 0; line < LINES; line++) {
      ConfidenceInterval ci = estimate.confidenceInterval(line, 0.95);
      covered += ci.contains(truth[line]) ? 1 : 0;
      if (line < 5) {
        context
            .out()
            .printf(
                "  line %2d: true %6d, estimate %8.0f, 95%% CI [%.0f, %.0f]%n",
                line + 1, truth[line], estimate.count(line), ci.lower(), ci.upper());
      }
    }
    context.out().printf("  95%% intervals covering the truth: %d of %d lines%n", covered, LINES);

    FrequencyOracle de = FrequencyOracle.directEncoding(LINES, EPSILON);
    FrequencyOracle oue = FrequencyOracle.optimizedUnaryEncoding(LINES, EPSILON);
    report(context, "k-RR", survey(answers, KrrClient.of(de, random), KrrServer.of(de)), truth);
    report(context, "OUE", survey(answers, OueClient.of(oue, random), OueServer.of(oue)), truth);
    report(context, "OLH", estimate, truth);

    longitudinal(context, answers, olh, random);
    chart(context, estimate, truth);
  }

  private static <R extends LdpReport> FrequencyEstimate survey(
      int[] answers, LocalRandomizer<R> phone, FrequencyAggregator city) {
    for (int a : answers) {
      city.add(phone.randomize(a)); // only the report leaves the phone
    }
    return city.estimate();
  }

  private static void report(
      ScenarioContext context, String name, FrequencyEstimate e, long[] truth) {
    double se = 0;
    for (int line = 0; line < LINES; line++) {
      double d = e.count(line) - truth[line];
      se += d * d / LINES;
    }
    context
        .out()
        .printf(
            "  %-5s RMSE %6.0f citizens per line (formula for a rare line: %6.0f)%n",
            name, Math.sqrt(se), Math.sqrt(e.oracle().approximateVariance(CITIZENS)));
  }

  /**
   * A city that asks every day for 30 days and guesses each citizen's line from the reports: with
   * fresh randomization the guesses get good (30ε spent); memoized reports stay at one report's
   * accuracy (ε spent).
   */
  private static void longitudinal(
      ScenarioContext context, int[] answers, FrequencyOracle olh, Randomness random) {
    int citizens = 2000;
    int days = 30;
    int freshHits = 0;
    int memoHits = 0;
    for (int c = 0; c < citizens; c++) {
      LocalRandomizer<OlhReport> fresh = OlhClient.of(olh, random);
      MemoizingRandomizer<OlhReport> memo = MemoizingRandomizer.of(OlhClient.of(olh, random));
      int[] freshVotes = new int[LINES];
      int[] memoVotes = new int[LINES];
      for (int d = 0; d < days; d++) {
        vote(fresh.randomize(answers[c]), freshVotes);
        vote(memo.randomize(answers[c]), memoVotes);
      }
      freshHits += argmax(freshVotes) == answers[c] ? 1 : 0;
      memoHits += argmax(memoVotes) == answers[c] ? 1 : 0;
    }
    context
        .out()
        .printf(
            "  30 daily reports per citizen, city guesses each line by majority of supported lines:%n"
                + "    fresh randomization: %.0f%% guessed right (30 x eps spent)%n"
                + "    memoized (RAPPOR-style permanent RR): %.0f%% guessed right (eps spent)%n",
            100.0 * freshHits / citizens, 100.0 * memoHits / citizens);
  }

  private static void vote(OlhReport report, int[] votes) {
    OlhServer one = OlhServer.of(report.oracle());
    one.add(report);
    FrequencyEstimate e = one.estimate();
    for (int line = 0; line < LINES; line++) {
      // A report supports a line iff its single-report estimate is positive.
      votes[line] += e.count(line) > 0 ? 1 : 0;
    }
  }

  private static int argmax(int[] votes) {
    int best = 0;
    for (int i = 1; i < votes.length; i++) {
      if (votes[i] > votes[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Citizens' lines: P(line i) ∝ 1/(i+1)^1.1, a seeded Zipf-like law. */
  private static int[] zipfAnswers(Randomness random) {
    double[] cdf = new double[LINES];
    double sum = 0;
    for (int i = 0; i < LINES; i++) {
      sum += 1 / Math.pow(i + 1, 1.1);
      cdf[i] = sum;
    }
    int[] answers = new int[CITIZENS];
    for (int c = 0; c < CITIZENS; c++) {
      double u = random.nextDouble() * sum;
      int line = 0;
      while (cdf[line] < u) {
        line++;
      }
      answers[c] = line;
    }
    return answers;
  }

  private static void chart(ScenarioContext context, FrequencyEstimate e, long[] truth)
      throws Exception {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(500)
            .title("Bus line usage, 100 000 citizens, OLH eps = 1 (local DP): estimate ± 95%")
            .xAxisTitle("bus line")
            .yAxisTitle("citizens")
            .build();
    List<Integer> x = new ArrayList<>();
    List<Long> t = new ArrayList<>();
    List<Double> est = new ArrayList<>();
    List<Double> err = new ArrayList<>();
    for (int line = 0; line < LINES; line++) {
      x.add(line + 1);
      t.add(truth[line]);
      est.add(e.count(line));
      ConfidenceInterval ci = e.confidenceInterval(line, 0.95);
      err.add((ci.upper() - ci.lower()) / 2);
    }
    chart.addSeries("true count", x, t);
    chart.addSeries("OLH estimate (95% interval)", x, est, err);
    chart.getStyler().setOverlapped(false);
    Path png = context.outputFile("citizen-survey.png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    context.out().println("  wrote " + png);
  }
}

package io.privacity.examples;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.DiscreteGaussianMechanism;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * A year of hourly DP counts per station — 8,760 releases — accounted four ways. Every hour the
 * city publishes, for each Bay Area Bike Share station, the number of trips started there that
 * hour, with discrete Gaussian noise of σ = {@value #NOISE_MULTIPLIER} trips (one {@link
 * DiscreteGaussianMechanism} per hour, calibrated to ρ = 1/(2σ²)). The privacy unit is a rider who
 * starts at most one trip per hour (the operator bounds this): a rider changes one station's count
 * by one in every hour's vector, so each hour is one Gaussian release of L2 sensitivity 1 and the
 * year is its 8,760-fold composition.
 *
 * <p>The same hourly charges go to four accountants — basic composition, zCDP, Rényi DP and privacy
 * loss distributions (PLD), all read at δ = {@value #DELTA} — and the scenario prints how many
 * hours each admits within a budget of (ε, δ) = ({@value #BUDGET_EPSILON}, {@value #DELTA}), and
 * writes {@code hourly-bikes.png}: the ε spent over the year under each. The noise is drawn once;
 * only the accounting differs.
 */
public final class HourlyBikesScenario implements Scenario {
  static final double NOISE_MULTIPLIER = 60;
  static final double DELTA = 1e-6;
  static final double BUDGET_EPSILON = 5;
  private static final String[] MODES = {"basic", "zCDP", "RDP", "PLD"};

  /** Creates the scenario. */
  public HourlyBikesScenario() {}

  @Override
  public String name() {
    return "hourly-bikes";
  }

  @Override
  public String description() {
    return "a year of hourly DP station counts (8,760 releases) under basic, zCDP, RDP and PLD"
        + " accounting (PNG)";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    Map<Integer, long[]> hourly =
        TrafficCountsScenario.readHourlyCounts(context.data("bikeshare/batrips_2014.csv.gz"));
    int hours = hourly.values().iterator().next().length;
    double rho = 1 / (2 * NOISE_MULTIPLIER * NOISE_MULTIPLIER);
    // Reproducible for the example only: real deployments keep the default Randomness.secure().
    DiscreteGaussianMechanism gaussian =
        DiscreteGaussianMechanism.builder()
            .l2Sensitivity(1)
            .rho(rho)
            .randomness(Randomness.insecureSeeded(2014))
            .build();
    PrivacyLoss perHour = gaussian.guarantee().loss();
    context
        .out()
        .printf(
            "%d stations x %d hours of 2014; each hour: discrete Gaussian, sigma = %s trips,"
                + " charged as %s%n",
            hourly.size(), hours, gaussian.guarantee().parameters().get("sigma"), perHour);

    Composition[] compositions = {
      Composition.basic(), Composition.zcdp(DELTA), Composition.rdp(DELTA), Composition.pld(DELTA)
    };
    PrivacyAccountant[] accountants = new PrivacyAccountant[MODES.length];
    for (int m = 0; m < MODES.length; m++) {
      accountants[m] = tracker(compositions[m]);
    }
    int days = hours / 24;
    // ε spent at the end of each day (a PLD query composes from scratch: once a day, not hourly).
    double[][] daily = new double[MODES.length][days];
    double absError = 0;
    for (int h = 0; h < hours; h++) {
      for (PrivacyAccountant a : accountants) {
        a.charge("hour " + h, perHour);
      }
      for (long[] counts : hourly.values()) {
        absError += Math.abs(gaussian.addNoise(counts[h]) - counts[h]);
      }
      if (h % 24 == 23) {
        for (int m = 0; m < MODES.length; m++) {
          daily[m][h / 24] = accountants[m].spent().epsilon();
        }
      }
    }
    context
        .out()
        .printf(
            "  mean absolute error of a released count: %.1f trips%n",
            absError / ((double) hours * hourly.size()));
    int[] admitted = new int[MODES.length];
    for (int m = 0; m < MODES.length; m++) {
      admitted[m] = admittedWithin(compositions[m], perHour, daily[m], BUDGET_EPSILON);
      context
          .out()
          .printf(
              "  %-5s year spent eps = %8.3f at delta = %.0e; within eps = %.0f: %5d hourly"
                  + " releases%s%n",
              MODES[m],
              accountants[m].spent().epsilon(),
              DELTA,
              BUDGET_EPSILON,
              admitted[m],
              admitted[m] == hours ? " (the whole year)" : "");
    }
    context
        .out()
        .printf(
            "  for the same budget PLD allows %.1fx the releases of basic composition, %.2fx those"
                + " of zCDP, %.2fx those of RDP%n",
            (double) admitted[3] / admitted[0],
            (double) admitted[3] / admitted[1],
            (double) admitted[3] / admitted[2]);
    chart(context, daily);
  }

  /**
   * How many charges of {@code perHour} an accountant with budget (ε, δ) admits: the last day whose
   * spent ε fits, then hour by hour within the next day (spent ε only grows with charges, and an
   * accountant admits a charge iff the spent ε after it fits the budget).
   */
  static int admittedWithin(
      Composition composition, PrivacyLoss perHour, double[] daily, double epsilon) {
    double limit = epsilon * (1 + PrivacyAccountant.RELATIVE_TOLERANCE);
    int day = 0;
    while (day < daily.length && daily[day] <= limit) {
      day++;
    }
    if (day == daily.length) {
      return daily.length * 24;
    }
    PrivacyAccountant a = tracker(composition);
    for (int h = 0; h < day * 24; h++) {
      a.charge("hour " + h, perHour);
    }
    int n = day * 24;
    for (int h = 0; h < 24; h++) {
      a.charge("hour " + n, perHour);
      if (a.spent().epsilon() > limit) {
        break;
      }
      n++;
    }
    return n;
  }

  /** An accountant that never refuses (to trace the whole year), read at δ. */
  private static PrivacyAccountant tracker(Composition composition) {
    return PrivacyAccountant.builder()
        .budget(PrivacyLoss.approximate(1e9, DELTA))
        .composition(composition)
        .build();
  }

  private static void chart(ScenarioContext context, double[][] daily) throws Exception {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(500)
            .title(
                "Hourly station counts, sigma = "
                    + (int) NOISE_MULTIPLIER
                    + ": epsilon spent at delta = 1e-6")
            .xAxisTitle("day of 2014")
            .yAxisTitle("epsilon spent")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(0);
    int days = daily[0].length;
    for (int m = 0; m < MODES.length; m++) {
      double[] x = new double[days];
      double[] y = new double[days];
      for (int d = 0; d < days; d++) {
        x[d] = d + 1;
        y[d] = daily[m][d];
      }
      chart.addSeries(MODES[m], x, y);
    }
    double[] bx = {1, days};
    double[] by = {BUDGET_EPSILON, BUDGET_EPSILON};
    chart.addSeries("budget eps = " + (int) BUDGET_EPSILON, bx, by);
    Path png = context.outputFile("hourly-bikes.png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    context.out().println("  wrote " + png);
  }
}

package io.privacity.examples;

import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.DiscreteGaussianMechanism;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.GaussianMechanism;
import io.privacity.dp.mechanism.LaplaceMechanism;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Error against ε for the four noise mechanisms, on a city's hourly bike-dock count (sensitivity
 * 1): mean absolute error and the 95% confidence-interval half-width for ε ∈ {0.1, 0.5, 1, 2, 4},
 * and a PNG chart of the empirical noise distributions at ε = 1.
 *
 * <p>Uses {@link Randomness#insecureSeeded(long)} so the printed table is reproducible — fine for
 * an illustration, <b>never for a real release</b> (mechanisms default to {@link
 * Randomness#secure()}).
 */
public final class NoiseExplorerScenario implements Scenario {
  private static final double[] EPSILONS = {0.1, 0.5, 1, 2, 4};
  private static final double DELTA = 1e-6;
  private static final int SAMPLES = 20_000;
  private static final long TRUE_COUNT = 120;

  /** Creates the scenario. */
  public NoiseExplorerScenario() {}

  @Override
  public String name() {
    return "noise-explorer";
  }

  @Override
  public String description() {
    return "Error vs epsilon of the lattice Laplace/Gaussian and discrete Laplace/Gaussian"
        + " mechanisms, with a chart of their noise distributions";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    var out = context.out();
    Randomness insecureSeededForExample = Randomness.insecureSeeded(2024);
    out.println(
        "True value: "
            + TRUE_COUNT
            + " bikes docked (sensitivity 1); "
            + SAMPLES
            + " releases per cell; randomness: insecure seeded (example only).");
    out.println("Gaussian mechanisms use delta = " + DELTA + ".");
    out.printf("%-22s %6s %12s %14s%n", "mechanism", "eps", "mean |err|", "95% CI half");
    Map<String, double[]> histograms = new LinkedHashMap<>();
    for (double eps : EPSILONS) {
      LaplaceMechanism laplace =
          LaplaceMechanism.builder()
              .epsilon(eps)
              .l1Sensitivity(1)
              .randomness(insecureSeededForExample)
              .build();
      GaussianMechanism gaussian =
          GaussianMechanism.builder()
              .epsilon(eps)
              .delta(DELTA)
              .l2Sensitivity(1)
              .randomness(insecureSeededForExample)
              .build();
      DiscreteLaplaceMechanism discreteLaplace =
          DiscreteLaplaceMechanism.builder()
              .epsilon(eps)
              .l1Sensitivity(1)
              .randomness(insecureSeededForExample)
              .build();
      DiscreteGaussianMechanism discreteGaussian =
          DiscreteGaussianMechanism.builder()
              .epsilon(eps)
              .delta(DELTA)
              .l2Sensitivity(1)
              .randomness(insecureSeededForExample)
              .build();
      row(
          out,
          "Laplace (lattice)",
          eps,
          x -> laplace.addNoise(x),
          y -> half(laplace.confidenceInterval(y, 0.95)),
          histograms);
      row(
          out,
          "Gaussian (lattice)",
          eps,
          x -> gaussian.addNoise(x),
          y -> half(gaussian.confidenceInterval(y, 0.95)),
          histograms);
      row(
          out,
          "discrete Laplace",
          eps,
          x -> discreteLaplace.addNoise((long) x),
          y -> half(discreteLaplace.confidenceInterval(y, 0.95)),
          histograms);
      row(
          out,
          "discrete Gaussian",
          eps,
          x -> discreteGaussian.addNoise((long) x),
          y -> half(discreteGaussian.confidenceInterval(y, 0.95)),
          histograms);
    }
    Path png = context.outputFile("noise-explorer.png");
    BitmapEncoder.saveBitmap(chart(histograms), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    out.println("Chart of the noise distributions at eps = 1: " + png.toAbsolutePath());
  }

  private static double half(ConfidenceInterval ci) {
    return (ci.upper() - ci.lower()) / 2;
  }

  private static final int RANGE = 15;
  private static final int BINS = 2 * RANGE + 1;

  private static void row(
      java.io.PrintStream out,
      String name,
      double eps,
      DoubleUnaryOperator mechanism,
      DoubleUnaryOperator ciHalfWidth,
      Map<String, double[]> histograms) {
    double absErr = 0;
    double[] hist = new double[BINS];
    double last = 0;
    for (int i = 0; i < SAMPLES; i++) {
      double y = mechanism.applyAsDouble(TRUE_COUNT);
      double err = y - TRUE_COUNT;
      absErr += Math.abs(err);
      // Unit bins centred on the integers, so integer and lattice outputs are comparable.
      int bin = (int) Math.round(err) + RANGE;
      if (bin >= 0 && bin < BINS) {
        hist[bin] += 1.0 / SAMPLES;
      }
      last = y;
    }
    out.printf(
        "%-22s %6.2f %12.3f %14.3f%n",
        name, eps, absErr / SAMPLES, ciHalfWidth.applyAsDouble(last));
    if (eps == 1) {
      histograms.put(name, hist);
    }
  }

  private static XYChart chart(Map<String, double[]> histograms) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("Noise added at epsilon = 1 (sensitivity 1), empirical distribution")
            .xAxisTitle("released value - true value")
            .yAxisTitle("share of releases (unit bins)")
            .build();
    double[] x = new double[BINS];
    for (int i = 0; i < BINS; i++) {
      x[i] = i - RANGE;
    }
    histograms.forEach(
        (name, hist) -> chart.addSeries(name, x, hist).setMarker(SeriesMarkers.NONE));
    return chart;
  }
}

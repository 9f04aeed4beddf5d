package io.privacity.core.report;

import static io.privacity.core.report.Html.esc;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The budgets section: an inline SVG bar chart and a table with the same numbers. */
final class Budgets {
  private static final int WIDTH = 640;
  private static final int BAR_WIDTH = 600;
  private static final int ROW_HEIGHT = 80;

  /** One accountant's state, as shown. */
  record Row(
      String dataset, PrivacyLoss budget, PrivacyLoss spent, PrivacyLoss remaining, int charges) {
    /** The budget's main parameter: ρ for a zCDP budget, else ε. */
    boolean rhoBudget() {
      return budget.kind() == PrivacyLoss.Kind.ZCDP;
    }

    double budgetValue() {
      return rhoBudget() ? budget.rho() : budget.epsilon();
    }

    double spentValue() {
      if (spent.equals(PrivacyLoss.NONE)) {
        return 0;
      }
      return rhoBudget() ? spent.rho() : spent.epsilon();
    }

    double fraction() {
      double f = budgetValue() > 0 ? spentValue() / budgetValue() : 1;
      return Math.max(0, Math.min(1, f));
    }
  }

  private Budgets() {}

  static List<Row> rows(Map<String, PrivacyAccountant> accountants) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, PrivacyAccountant> e : accountants.entrySet()) {
      PrivacyAccountant a = e.getValue();
      rows.add(new Row(e.getKey(), a.budget(), a.spent(), a.remaining(), a.charges().size()));
    }
    return rows;
  }

  /** {@code ε = 1}, {@code ε = 1, δ = 10⁻⁶} or {@code ρ = 0.5}. */
  static String loss(Messages m, PrivacyLoss l, boolean rho) {
    if (l.equals(PrivacyLoss.NONE)) {
      return (rho ? "ρ" : "ε") + " = 0";
    }
    if (l.kind() == PrivacyLoss.Kind.ZCDP) {
      return "ρ = " + m.number(l.rho());
    }
    String eps = "ε = " + m.number(l.epsilon());
    return l.delta() == 0 ? eps : eps + ", δ = " + m.number(l.delta());
  }

  static String section(Messages m, List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append(Html.section("budgets", m.get("budgets.heading"), null))
        .append("<p>")
        .append(esc(m.get("budgets.intro")))
        .append("</p>\n");
    if (rows.isEmpty()) {
      b.append("<p>").append(esc(m.get("budgets.none"))).append("</p>\n</section>\n");
      return b.toString();
    }
    b.append("<figure class=\"chart\">\n").append(svg(m, rows)).append("</figure>\n");
    b.append("<table id=\"budgets\">\n<caption>")
        .append(esc(m.get("budgets.caption")))
        .append("</caption>\n<thead><tr>");
    for (String col : List.of("col.dataset", "col.budget", "col.spent", "col.remaining")) {
      b.append("<th scope=\"col\">").append(esc(m.get(col))).append("</th>");
    }
    b.append("<th scope=\"col\" class=\"num\">")
        .append(esc(m.get("col.charges")))
        .append("</th></tr></thead>\n<tbody>\n");
    for (Row r : rows) {
      b.append("<tr><th scope=\"row\">")
          .append(esc(r.dataset()))
          .append("</th><td data-value=\"")
          .append(r.budgetValue())
          .append("\">")
          .append(esc(loss(m, r.budget(), r.rhoBudget())))
          .append("</td><td data-value=\"")
          .append(r.spentValue())
          .append("\">")
          .append(esc(loss(m, r.spent(), r.rhoBudget())))
          .append("</td><td>")
          .append(esc(loss(m, r.remaining(), r.rhoBudget())))
          .append("</td><td class=\"num\">")
          .append(esc(m.integer(r.charges())))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
    return b.toString();
  }

  /**
   * Horizontal bars, one per data set; attributes only (no style attribute), classes for colour. A
   * data set's name (text someone typed) has a text element of its own, apart from the numbers: in
   * one element, right-to-left text or an override (U+202E) in the name would reorder the numbers
   * after it, and a long name would push them out of the picture.
   */
  static String svg(Messages m, List<Row> rows) {
    int height = rows.size() * ROW_HEIGHT + 8;
    StringBuilder b = new StringBuilder();
    b.append("<svg id=\"budget-chart\" role=\"img\"")
        .append(" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append(
            "\" width=\"100%\" aria-labelledby=\"chart-title chart-desc\">\n<title id=\"chart-title\">")
        .append(esc(m.get("budgets.chart.title")))
        .append("</title>\n<desc id=\"chart-desc\">")
        .append(esc(m.get("budgets.chart.desc")))
        .append("</desc>\n");
    int y = 4;
    for (Row r : rows) {
      String symbol = r.rhoBudget() ? "ρ" : "ε";
      String amount =
          m.format(
              "budgets.chart.amount",
              "spent",
              m.number(r.spentValue()),
              "budget",
              m.number(r.budgetValue()) + " " + symbol,
              "percent",
              m.percent(r.fraction()));
      long filled = Math.round(BAR_WIDTH * r.fraction());
      b.append("<g class=\"bar\">\n<text class=\"label\" x=\"0\" y=\"")
          .append(y + 16)
          .append("\">")
          .append(esc(r.dataset()))
          .append("</text>\n<text class=\"amount\" x=\"0\" y=\"")
          .append(y + 36)
          .append("\">")
          .append(esc(amount))
          .append("</text>\n<rect class=\"track\" x=\"0\" y=\"")
          .append(y + 46)
          .append("\" width=\"")
          .append(BAR_WIDTH)
          .append("\" height=\"22\" rx=\"3\"/>\n<rect class=\"spent\" x=\"0\" y=\"")
          .append(y + 46)
          .append("\" width=\"")
          .append(filled)
          .append("\" height=\"22\" rx=\"3\" data-fraction=\"")
          .append(String.format(Locale.ROOT, "%.6f", r.fraction()))
          .append("\"/>\n</g>\n");
      y += ROW_HEIGHT;
    }
    b.append("</svg>\n");
    return b.toString();
  }
}

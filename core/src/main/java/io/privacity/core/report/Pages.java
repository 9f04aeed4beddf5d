package io.privacity.core.report;

import static io.privacity.core.report.Html.esc;

import io.privacity.core.ledger.LedgerCheckpoint;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerPublicKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/** The portal's pages: the summary ({@code index.html}) and one page per category. */
final class Pages {
  /** A column of a category table: its header key and how a row's cell reads. */
  private enum Column {
    WHAT("col.what", EntryFacts::what),
    PURPOSE("col.purpose", EntryFacts::purpose),
    DATA("col.data", EntryFacts::data),
    ROLE("col.role", EntryFacts::role),
    OUTCOME("col.outcome", EntryFacts::outcome),
    MECHANISM("col.mechanism", EntryFacts::mechanism),
    EPSILON("col.epsilon", null),
    DELTA("col.delta", null),
    RHO("col.rho", null);

    final String header;
    final Function<EntryFacts, String> text;

    Column(String header, Function<EntryFacts, String> text) {
      this.header = header;
      this.text = text;
    }

    OptionalDouble number(EntryFacts f) {
      switch (this) {
        case EPSILON:
          return f.epsilon();
        case DELTA:
          return f.delta();
        case RHO:
          return f.rho();
        default:
          return OptionalDouble.empty();
      }
    }

    boolean present(EntryFacts f) {
      return text != null ? text.apply(f) != null : number(f).isPresent();
    }
  }

  private static final String SELF_CHECK =
      "import hashlib, json\n"
          + "prev = \"0\" * 64\n"
          + "for n, line in enumerate(open(\"ledger.jsonl\", \"rb\").read().split(b\"\\n\")[:-1]):\n"
          + "    body = line[: line.rindex(b',\"hash\":\"')] + b\"}\"\n"
          + "    e = json.loads(line)\n"
          + "    h = hashlib.sha256(b\"privacity-ledger-v%d\\n\" % e.get(\"v\", 1) + body).hexdigest()\n"
          + "    assert e[\"seq\"] == n and e[\"prev\"] == prev and e[\"hash\"] == h, f\"line {n + 1} is bad\"\n"
          + "    prev = h\n"
          + "print(\"ok,\", n + 1, \"entries, head\", prev)\n";

  private final Messages m;
  private final String siteTitle;
  private final String footer;
  private final Map<LedgerEventType, List<LedgerEntry>> byType;

  Pages(
      Messages m, String siteTitle, String footer, Map<LedgerEventType, List<LedgerEntry>> byType) {
    this.m = m;
    this.siteTitle = siteTitle;
    this.footer = footer;
    this.byType = byType;
  }

  static String slug(LedgerEventType t) {
    return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String pageFile(LedgerEventType t, int page) {
    return slug(t) + (page == 1 ? "" : "-" + page) + ".html";
  }

  private static int pageCount(int entries) {
    return Math.max(1, (entries + TransparencyReport.PAGE_SIZE - 1) / TransparencyReport.PAGE_SIZE);
  }

  /** The names of the category pages {@link #categoryPages} writes for these entries. */
  static List<String> fileNames(Map<LedgerEventType, List<LedgerEntry>> byType) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<LedgerEventType, List<LedgerEntry>> e : byType.entrySet()) {
      for (int p = 1; p <= pageCount(e.getValue().size()); p++) {
        names.add(pageFile(e.getKey(), p));
      }
    }
    return names;
  }

  private List<Html.Link> nav(LedgerEventType current) {
    List<Html.Link> links = new ArrayList<>();
    links.add(new Html.Link("index.html", m.get("nav.summary"), current == null));
    for (LedgerEventType t : byType.keySet()) {
      links.add(new Html.Link(pageFile(t, 1), m.get("category." + t.name()), t == current));
    }
    return links;
  }

  private int count(LedgerEventType t) {
    return byType.getOrDefault(t, List.of()).size();
  }

  String index(
      List<LedgerEntry> entries,
      long ledgerBytes,
      LedgerCheckpoint cp,
      LedgerPublicKey key,
      List<Budgets.Row> budgets,
      Instant generated) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>")
        .append(esc(m.get("site.heading")))
        .append("</h1>\n<p class=\"lead\">")
        .append(esc(m.get("intro")))
        .append("</p>\n");
    b.append(verifyPanel(entries, cp, key, generated));
    b.append(glance());
    b.append(Budgets.section(m, budgets));
    b.append(events());
    b.append(downloads(ledgerBytes, cp != null));
    b.append(Html.section("selfcheck", m.get("selfcheck.heading"), null))
        .append("<details>\n<summary>")
        .append(esc(m.get("selfcheck.summary")))
        .append("</summary>\n<p>")
        .append(esc(m.get("selfcheck.intro")))
        .append("</p>\n<pre><code>")
        .append(esc(SELF_CHECK))
        .append("</code></pre>\n</details>\n</section>\n");
    return Html.page(m, siteTitle, m.get("nav.summary"), nav(null), b.toString(), footer, true);
  }

  private String verifyPanel(
      List<LedgerEntry> entries, LedgerCheckpoint cp, LedgerPublicKey key, Instant generated) {
    String head = entries.isEmpty() ? "0".repeat(64) : entries.get(entries.size() - 1).hash();
    StringBuilder b = new StringBuilder();
    StringBuilder types = new StringBuilder();
    for (LedgerEventType t : LedgerEventType.values()) {
      types.append(types.length() == 0 ? "" : " ").append(t.name());
    }
    // The script checks that the ledger served holds this page's head at its position, and that
    // the key served is this page's: swapping either for another valid one is not "verified".
    b.append(Html.section("verify", m.get("verify.heading"), "panel"))
        .append("<div id=\"verify\" data-state=\"idle\" data-ledger=\"")
        .append(TransparencyReport.LEDGER_FILE)
        .append("\" data-size=\"")
        .append(entries.size())
        .append("\" data-head=\"")
        .append(head)
        .append("\" data-types=\"")
        .append(types)
        .append('"');
    if (cp != null) {
      b.append(" data-checkpoint=\"")
          .append(TransparencyReport.CHECKPOINT_FILE)
          .append("\" data-key=\"")
          .append(TransparencyReport.KEY_FILE)
          .append("\" data-fingerprint=\"")
          .append(key.fingerprint())
          .append('"');
    }
    for (Map.Entry<String, String> t : m.verifyStrings().entrySet()) {
      b.append(" data-t-")
          .append(t.getKey().replace('.', '-'))
          .append("=\"")
          .append(esc(t.getValue()))
          .append('"');
    }
    b.append(">\n<p id=\"verify-result\" role=\"status\">")
        .append(esc(m.get("verify.noscript")))
        .append("</p>\n<p id=\"verify-checkpoint\"></p>\n")
        .append("<p><button type=\"button\" id=\"verify-again\" hidden>")
        .append(esc(m.get("verify.again")))
        .append("</button></p>\n</div>\n<p>")
        .append(
            esc(
                m.format(
                    "verify.publisher",
                    "time",
                    m.time(generated) + " UTC",
                    "n",
                    m.integer(entries.size()),
                    "head",
                    head)))
        .append("</p>\n<p>");
    if (cp == null) {
      b.append(esc(m.get("verify.cp.none")));
    } else {
      b.append(
              esc(
                  m.format(
                      "verify.publisherCheckpoint",
                      "size",
                      m.integer(cp.size()),
                      "time",
                      m.time(cp.time()) + " UTC",
                      "key",
                      cp.keyId())))
          .append("</p>\n<p class=\"fingerprint\">")
          .append(esc(m.format("verify.fingerprint", "fingerprint", key.fingerprint())));
    }
    b.append("</p>\n</section>\n");
    return b.toString();
  }

  private String glance() {
    long reidentified =
        byType.getOrDefault(LedgerEventType.REIDENTIFICATION, List.of()).stream()
            .filter(e -> "GRANTED".equals(e.details().get("outcome")))
            .count();
    Map<String, Long> cards = new LinkedHashMap<>();
    cards.put("releases", (long) count(LedgerEventType.RELEASE));
    cards.put("charges", (long) count(LedgerEventType.BUDGET_CHARGE));
    cards.put("granted", (long) count(LedgerEventType.ACCESS_GRANTED));
    cards.put("denied", (long) count(LedgerEventType.ACCESS_DENIED));
    cards.put("reidentifications", reidentified);
    cards.put("erasures", (long) count(LedgerEventType.ERASURE));
    StringBuilder b = new StringBuilder();
    b.append(Html.section("glance", m.get("summary.heading"), null))
        .append("<dl class=\"glance\">\n");
    for (Map.Entry<String, Long> c : cards.entrySet()) {
      b.append("<div><dt>")
          .append(esc(m.get("summary." + c.getKey())))
          .append("</dt><dd id=\"count-")
          .append(c.getKey())
          .append("\">")
          .append(esc(m.integer(c.getValue())))
          .append("</dd></div>\n");
    }
    b.append("</dl>\n</section>\n");
    return b.toString();
  }

  private String events() {
    StringBuilder b = new StringBuilder();
    b.append(Html.section("events", m.get("events.heading"), null))
        .append("<table id=\"events\">\n<caption>")
        .append(esc(m.get("events.caption")))
        .append("</caption>\n<thead><tr><th scope=\"col\">")
        .append(esc(m.get("col.category")))
        .append("</th><th scope=\"col\" class=\"num\">")
        .append(esc(m.get("col.count")))
        .append("</th></tr></thead>\n<tbody>\n");
    for (LedgerEventType t : byType.keySet()) {
      b.append("<tr><th scope=\"row\"><a href=\"")
          .append(pageFile(t, 1))
          .append("\">")
          .append(esc(m.get("category." + t.name())))
          .append("</a></th><td class=\"num\">")
          .append(esc(m.integer(count(t))))
          .append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
    return b.toString();
  }

  private String downloads(long ledgerBytes, boolean signed) {
    StringBuilder b = new StringBuilder();
    b.append(Html.section("downloads", m.get("downloads.heading"), null))
        .append("<ul>\n<li><a href=\"")
        .append(TransparencyReport.LEDGER_FILE)
        .append("\" download>")
        .append(esc(m.format("downloads.ledger", "bytes", m.integer(ledgerBytes))))
        .append("</a></li>\n");
    if (signed) {
      b.append("<li><a href=\"")
          .append(TransparencyReport.CHECKPOINT_FILE)
          .append("\" download>")
          .append(esc(m.get("downloads.checkpoint")))
          .append("</a></li>\n<li><a href=\"")
          .append(TransparencyReport.KEY_FILE)
          .append("\" download>")
          .append(esc(m.get("downloads.key")))
          .append("</a></li>\n");
    }
    b.append("</ul>\n</section>\n");
    return b.toString();
  }

  /** Receives each rendered page as it is made, so that no more than one is held at a time. */
  interface PageSink {
    void accept(String fileName, String html) throws IOException;
  }

  /** Every category page, in pages of {@link TransparencyReport#PAGE_SIZE} rows. */
  void categoryPages(PageSink sink) throws IOException {
    for (Map.Entry<LedgerEventType, List<LedgerEntry>> e : byType.entrySet()) {
      LedgerEventType t = e.getKey();
      List<LedgerEntry> all = e.getValue();
      List<EntryFacts> facts = all.stream().map(EntryFacts::of).toList();
      List<Column> columns = new ArrayList<>();
      for (Column c : Column.values()) {
        if (facts.stream().anyMatch(c::present)) {
          columns.add(c);
        }
      }
      int pageCount = pageCount(all.size());
      for (int p = 1; p <= pageCount; p++) {
        int from = (p - 1) * TransparencyReport.PAGE_SIZE;
        int to = Math.min(all.size(), from + TransparencyReport.PAGE_SIZE);
        sink.accept(
            pageFile(t, p),
            categoryPage(
                t,
                all.subList(from, to),
                facts.subList(from, to),
                columns,
                p,
                pageCount,
                all.size()));
      }
    }
  }

  private String categoryPage(
      LedgerEventType t,
      List<LedgerEntry> entries,
      List<EntryFacts> facts,
      List<Column> columns,
      int page,
      int pageCount,
      int total) {
    String name = m.get("category." + t.name());
    StringBuilder b = new StringBuilder();
    b.append("<h1>")
        .append(esc(name))
        .append("</h1>\n<p class=\"lead\">")
        .append(esc(m.get("category." + t.name() + ".intro")))
        .append("</p>\n<p>")
        .append(esc(m.format("category.count", "n", m.integer(total))))
        .append("</p>\n<table class=\"entries\" id=\"entries\">\n<caption>")
        .append(esc(name));
    if (pageCount > 1) {
      b.append(" — ").append(esc(m.format("pager.page", "n", page)));
    }
    b.append("</caption>\n<thead><tr><th scope=\"col\" class=\"num\">")
        .append(esc(m.get("col.seq")))
        .append("</th><th scope=\"col\">")
        .append(esc(m.get("col.time")))
        .append("</th>");
    for (Column c : columns) {
      b.append("<th scope=\"col\"")
          .append(c.text == null ? " class=\"num\"" : "")
          .append('>')
          .append(esc(m.get(c.header)))
          .append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      EntryFacts f = facts.get(i);
      b.append("<tr><th scope=\"row\" class=\"num\">")
          .append(e.sequence())
          .append("</th><td><time datetime=\"")
          .append(esc(e.time().toString()))
          .append("\">")
          .append(esc(m.time(e.time())))
          .append("</time></td>");
      for (Column c : columns) {
        if (c.text != null) {
          String v = c.text.apply(f);
          b.append("<td>").append(v == null ? "" : esc(v)).append("</td>");
        } else {
          OptionalDouble v = c.number(f);
          b.append("<td class=\"num\"");
          if (v.isPresent()) {
            b.append(" data-value=\"")
                .append(v.getAsDouble())
                .append("\">")
                .append(esc(m.number(v.getAsDouble())));
          } else {
            b.append('>');
          }
          b.append("</td>");
        }
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    if (pageCount > 1) {
      b.append("<nav aria-label=\"")
          .append(esc(m.get("pager.label")))
          .append("\">\n<ul class=\"pager\">\n");
      for (int p = 1; p <= pageCount; p++) {
        b.append("<li><a href=\"").append(pageFile(t, p)).append('"');
        if (p == page) {
          b.append(" aria-current=\"page\"");
        }
        b.append('>').append(esc(m.format("pager.page", "n", p))).append("</a></li>\n");
      }
      b.append("</ul>\n</nav>\n");
    }
    return Html.page(m, siteTitle, name, nav(t), b.toString(), footer, false);
  }
}

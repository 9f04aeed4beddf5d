package io.privacity.core.report;

import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.AtomicFiles;
import io.privacity.core.internal.Checks;
import io.privacity.core.ledger.LedgerCheckpoint;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerPublicKey;
import io.privacity.core.ledger.LedgerSink;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.ledger.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a transparency ledger as a static web site that citizens can read and verify: the
 * "transparency portal".
 *
 * <pre>{@code
 * TransparencyReport.builder()
 *     .title("City of Example: bike-share data office")
 *     .ledger(Path.of("ledger.jsonl"))
 *     .checkpoint(Path.of("ledger.checkpoint"), LedgerPublicKey.readFrom(Path.of("ledger.pub.pem")))
 *     .budget("bike trips, January 2014", accountant)
 *     .build()
 *     .render(Path.of("site"));
 * }</pre>
 *
 * <h2>What the site holds</h2>
 *
 * <ul>
 *   <li>{@code index.html}: the budgets consumed per data set (an inline SVG chart and a table),
 *       counts of releases, budget charges, access requests granted and refused, re-identifications
 *       and erasures, and a verification panel;
 *   <li>one page per category of event present ({@code release.html}, {@code erasure.html}, …; in
 *       pages of 500 rows);
 *   <li>the ledger itself ({@code ledger.jsonl}, the exact bytes that were verified), the signed
 *       checkpoint ({@code checkpoint.txt}) and the public key ({@code ledger-public-key.pem}) as
 *       downloads;
 *   <li>{@code verify.js}, a small script without dependencies that re-checks the downloaded ledger
 *       in the reader's browser (every line in canonical form, as the library's verifier demands,
 *       so both reach the same verdict; WebCrypto SHA-256 over every line; the head and key
 *       fingerprint the page was made from; the checkpoint's Ed25519 signature where the browser
 *       supports it) and shows "verified: N entries, head …" or the first bad line; {@code
 *       portal.css}; {@code favicon.svg}.
 * </ul>
 *
 * <p>The pages are plain semantic HTML that reads without JavaScript; they load nothing from other
 * hosts and use no inline script or style, so they work offline and under the Content-Security-
 * Policy {@code default-src 'self'} (also set in a {@code meta} element). They have landmarks, a
 * skip link, captioned tables with header cells, visible keyboard focus and text contrast of at
 * least 4.5:1. All strings come from one resource bundle ({@code Portal.properties}); English and
 * German ship.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>The site shows categories, purposes, data sets, roles, outcomes, counts, ε, δ, ρ and times,
 * and the summaries of releases, charges, rotations, erasures and other events; it never shows a
 * principal's id, the summary of an access or re-identification entry (those name the requester),
 * or any private detail (the ledger holds only commitments to them, see {@link
 * io.privacity.core.ledger.LedgerCommitmentKey}). Because the ledger is published whole, {@link
 * #render} refuses a ledger that holds a tell-tale identifier in a public detail ({@code token},
 * {@code subjectId}, {@code subjectRef}, {@code justification}, …), as version 1 ledgers did.
 *
 * <p><b>Caller obligations</b>: summaries and public details are published; keep identifiers out of
 * them (the ledger's contract). Publish the public key's fingerprint somewhere the operator cannot
 * rewrite: a key served beside the ledger proves nothing on its own.
 *
 * <p>Immutable and thread-safe; {@link #render} may be called repeatedly (e.g. after new entries).
 */
public final class TransparencyReport {
  /** Rows per category page. */
  static final int PAGE_SIZE = 500;

  static final String LEDGER_FILE = "ledger.jsonl";
  static final String CHECKPOINT_FILE = "checkpoint.txt";
  static final String KEY_FILE = "ledger-public-key.pem";
  private static final List<String> ASSETS = List.of("portal.css", "verify.js", "favicon.svg");
  private static final Set<String> LANGUAGES = Set.of("en", "de");

  private final Path ledger;
  private final Path checkpoint;
  private final LedgerPublicKey publicKey;
  private final Map<String, PrivacyAccountant> budgets;
  private final String title;
  private final Locale locale;
  private final Clock clock;

  private TransparencyReport(Builder b) {
    this.ledger = b.ledger;
    this.checkpoint = b.checkpoint;
    this.publicKey = b.publicKey;
    this.budgets = Collections.unmodifiableMap(new LinkedHashMap<>(b.budgets));
    this.title = b.title;
    this.locale = b.locale;
    this.clock = b.clock;
  }

  /**
   * A builder; {@link Builder#ledger(Path)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Renders the site into {@code directory} (created if absent): every file is written atomically
   * (temporary file, then rename), replacing files of an earlier rendering. The ledger is read
   * once; the download is exactly the bytes that were verified.
   *
   * @param directory the output directory; must not be the ledger's own directory holding it as
   *     {@code ledger.jsonl}
   * @return the files written, {@code index.html} first
   * @throws IllegalArgumentException if {@code directory} is null or would overwrite the input, the
   *     ledger does not verify, a public detail holds an identifier, or the checkpoint does not
   *     verify against the ledger and key
   * @throws IOException if reading or writing fails
   */
  public List<Path> render(Path directory) throws IOException {
    Checks.notNull("directory", directory);
    Files.createDirectories(directory);
    byte[] bytes = Files.readAllBytes(ledger);
    List<LedgerEntry> entries = verifiedEntries(bytes);
    Map<LedgerEventType, List<LedgerEntry>> byType = new EnumMap<>(LedgerEventType.class);
    for (LedgerEntry e : entries) {
      byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
    }
    List<String> outputs = new ArrayList<>(List.of("index.html", LEDGER_FILE));
    outputs.addAll(List.of(CHECKPOINT_FILE, KEY_FILE));
    outputs.addAll(ASSETS);
    outputs.addAll(Pages.fileNames(byType));
    refuseOverwritingInputs(directory, outputs);
    Messages m = new Messages(locale);
    List<Path> written = new ArrayList<>();
    Path index = directory.resolve("index.html");
    written.add(index);
    write(directory.resolve(LEDGER_FILE), bytes, written);
    LedgerCheckpoint cp = null;
    if (checkpoint != null) {
      cp = LedgerCheckpoint.readFrom(checkpoint);
      VerificationResult r =
          TransparencyLedger.verifyCopy(directory.resolve(LEDGER_FILE), publicKey, cp);
      if (!r.isOk()) {
        throw new IllegalArgumentException(
            "checkpoint " + checkpoint + " does not verify against ledger " + ledger + ": " + r);
      }
      write(
          directory.resolve(CHECKPOINT_FILE),
          cp.toText().getBytes(StandardCharsets.US_ASCII),
          written);
      write(
          directory.resolve(KEY_FILE),
          publicKey.toPem().getBytes(StandardCharsets.US_ASCII),
          written);
    }
    for (String asset : ASSETS) {
      write(directory.resolve(asset), resource(asset), written);
    }
    String siteTitle = title != null ? title : m.get("site.defaultTitle");
    Instant now = clock.instant();
    String footer = m.format("footer.generated", "time", m.time(now) + " UTC");
    Pages pages = new Pages(m, siteTitle, footer, byType);
    String indexHtml =
        pages.index(entries, bytes.length, cp, publicKey, Budgets.rows(budgets), now);
    AtomicFiles.writeReplacing(index, indexHtml.getBytes(StandardCharsets.UTF_8));
    pages.categoryPages(
        (file, html) ->
            write(directory.resolve(file), html.getBytes(StandardCharsets.UTF_8), written));
    return List.copyOf(written);
  }

  /** Nothing is written if any file the site would hold is one of the inputs. */
  private void refuseOverwritingInputs(Path directory, List<String> outputs) throws IOException {
    for (String name : outputs) {
      Path target = directory.resolve(name);
      for (Path input : new Path[] {ledger, checkpoint}) {
        if (input != null && Files.exists(target) && Files.isSameFile(input, target)) {
          throw new IllegalArgumentException(
              "directory "
                  + directory
                  + " holds the input "
                  + input
                  + " as "
                  + name
                  + ": rendering would overwrite it; choose another directory");
        }
      }
    }
  }

  private List<LedgerEntry> verifiedEntries(byte[] bytes) {
    LedgerSink sink = LedgerSink.inMemory();
    try {
      sink.append(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory sink cannot fail", e);
    }
    TransparencyLedger copy = TransparencyLedger.open(sink, clock);
    VerificationResult r = copy.verify();
    if (!r.isOk()) {
      throw new IllegalArgumentException("ledger " + ledger + " does not verify: " + r);
    }
    List<LedgerEntry> entries = copy.entries();
    for (LedgerEntry e : entries) {
      String key = EntryFacts.privateKeyIn(e);
      if (key != null) {
        throw new IllegalArgumentException(
            "ledger "
                + ledger
                + " is not publishable: entry "
                + e.sequence()
                + " (line "
                + (e.sequence() + 1)
                + ") holds \""
                + key
                + "\" as a public detail; record it as a private detail (a commitment) with"
                + " TransparencyLedger.append(type, summary, details, privateDetails)");
      }
    }
    return entries;
  }

  private static void write(Path target, byte[] content, List<Path> written) throws IOException {
    AtomicFiles.writeReplacing(target, content);
    written.add(target);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TransparencyReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " in privacity-core");
      }
      return in.readAllBytes();
    }
  }

  @Override
  public String toString() {
    return "TransparencyReport["
        + ledger
        + (checkpoint != null ? ", checkpoint " + checkpoint : "")
        + ", "
        + budgets.size()
        + " budgets, "
        + locale.toLanguageTag()
        + "]";
  }

  /** Builds a {@link TransparencyReport}. */
  public static final class Builder {
    private Path ledger;
    private Path checkpoint;
    private LedgerPublicKey publicKey;
    private final Map<String, PrivacyAccountant> budgets = new LinkedHashMap<>();
    private String title;
    private Locale locale = Locale.ENGLISH;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The ledger file to publish (required).
     *
     * @param file a JSON-lines ledger file
     * @return this builder
     * @throws IllegalArgumentException if {@code file} is null
     */
    public Builder ledger(Path file) {
      this.ledger = Checks.notNull("ledger", file);
      return this;
    }

    /**
     * A signed checkpoint of the ledger and the key that signed it (optional): the site publishes
     * both, shows the key's fingerprint, and its script checks the signature.
     *
     * @param file the checkpoint file ({@link LedgerCheckpoint#writeTo(Path)})
     * @param key the operator's public key
     * @return this builder
     * @throws IllegalArgumentException if an argument is null
     */
    public Builder checkpoint(Path file, LedgerPublicKey key) {
      this.checkpoint = Checks.notNull("checkpoint", file);
      this.publicKey = Checks.notNull("key", key);
      return this;
    }

    /**
     * Adds a data set's privacy budget: the state of its accountant (e.g. restored with {@link
     * PrivacyAccountant#fromJson(String)} from a snapshot). Shown in the order added.
     *
     * @param dataset the data set's public name, e.g. {@code "bike trips, January 2014"}
     * @param accountant its accountant
     * @return this builder
     * @throws IllegalArgumentException if an argument is null, the name is blank, or a budget of
     *     that name was already added
     */
    public Builder budget(String dataset, PrivacyAccountant accountant) {
      Checks.nonBlank("dataset", dataset);
      Checks.notNull("accountant", accountant);
      if (budgets.containsKey(dataset)) {
        throw new IllegalArgumentException(
            "dataset \"" + dataset + "\" already has a budget; each data set appears once");
      }
      budgets.put(dataset, accountant);
      return this;
    }

    /**
     * The site's title, e.g. the city and office publishing it (default: a generic title).
     *
     * @param title a non-blank title
     * @return this builder
     * @throws IllegalArgumentException if {@code title} is null or blank
     */
    public Builder title(String title) {
      this.title = Checks.nonBlank("title", title);
      return this;
    }

    /**
     * The language of the site (default English).
     *
     * @param locale English or German (any country)
     * @return this builder
     * @throws IllegalArgumentException if {@code locale} is null or another language
     */
    public Builder locale(Locale locale) {
      Checks.notNull("locale", locale);
      if (!LANGUAGES.contains(locale.getLanguage())) {
        throw new IllegalArgumentException(
            "locale must be one of en, de (the languages shipped), got " + locale.toLanguageTag());
      }
      this.locale = new Locale(locale.getLanguage());
      return this;
    }

    /**
     * The clock for the "generated at" time (default: the system's, UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Builds the report (files are read by {@link TransparencyReport#render}).
     *
     * @return the report
     * @throws IllegalStateException if no ledger was set
     */
    public TransparencyReport build() {
      Checks.state(ledger != null, "ledger must be set: call ledger(path)");
      return new TransparencyReport(this);
    }
  }
}

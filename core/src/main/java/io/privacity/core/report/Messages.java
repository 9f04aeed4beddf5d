package io.privacity.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portal's strings ({@code Portal.properties}, one file per language) and number formats.
 * Placeholders are {@code {name}}, the same syntax the page's script uses.
 */
final class Messages {
  private static final String BUNDLE_FILE = "Portal";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");
  private static final Set<String> SERVER_SIDE =
      Set.of(
          "verify.heading",
          "verify.noscript",
          "verify.publisher",
          "verify.publisherCheckpoint",
          "verify.fingerprint");

  private final ResourceBundle bundle;
  private final Locale locale;

  Messages(Locale locale) {
    this.locale = locale;
    this.bundle = load(locale);
  }

  /**
   * The bundle for {@code locale}: {@code Portal_<lang>_<COUNTRY>}, then {@code Portal_<lang>},
   * then {@code Portal}, each the parent of the one before. No fallback to the JVM's default
   * locale: an English report stays English on a German JVM. Read directly from this module's
   * resources (UTF-8) because {@code ResourceBundle.Control} is refused in a named module.
   */
  private static ResourceBundle load(Locale locale) {
    ResourceBundle bundle = read(BUNDLE_FILE + ".properties", null);
    if (bundle == null) {
      throw new IllegalStateException("missing resource " + BUNDLE_FILE + ".properties");
    }
    if (!locale.getLanguage().isEmpty()) {
      String lang = BUNDLE_FILE + "_" + locale.getLanguage();
      ResourceBundle language = read(lang + ".properties", bundle);
      bundle = language != null ? language : bundle;
      if (!locale.getCountry().isEmpty()) {
        ResourceBundle country = read(lang + "_" + locale.getCountry() + ".properties", bundle);
        bundle = country != null ? country : bundle;
      }
    }
    return bundle;
  }

  private static ResourceBundle read(String resource, ResourceBundle parent) {
    try (InputStream in = Messages.class.getResourceAsStream(resource)) {
      return in == null
          ? null
          : new ChainedBundle(new InputStreamReader(in, StandardCharsets.UTF_8), parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  /** A properties bundle with a parent (the setter is protected). */
  private static final class ChainedBundle extends PropertyResourceBundle {
    ChainedBundle(Reader reader, ResourceBundle parent) throws IOException {
      super(reader);
      setParent(parent);
    }
  }

  Locale locale() {
    return locale;
  }

  String get(String key) {
    return bundle.getString(key);
  }

  /** The string with each {@code {name}} replaced; {@code values} alternates names and values. */
  String format(String key, Object... values) {
    return substitute(get(key), values);
  }

  static String substitute(String template, Object... values) {
    Map<String, String> byName = new HashMap<>();
    for (int i = 0; i + 1 < values.length; i += 2) {
      byName.put(String.valueOf(values[i]), String.valueOf(values[i + 1]));
    }
    // One pass over the template: a value that itself holds "{name}" (a data set's name is text
    // someone typed) is inserted as it is, never expanded.
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder b = new StringBuilder(template.length() + 32);
    while (m.find()) {
      String v = byName.get(m.group(1));
      m.appendReplacement(b, Matcher.quoteReplacement(v != null ? v : m.group()));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** Every {@code verify.*} string the script shows, for its data attributes. */
  Map<String, String> verifyStrings() {
    TreeMap<String, String> m = new TreeMap<>();
    for (String k : bundle.keySet()) {
      if (k.startsWith("verify.") && !SERVER_SIDE.contains(k)) {
        m.put(k, bundle.getString(k));
      }
    }
    return m;
  }

  /**
   * A privacy parameter as people read it: up to 4 significant digits, plain decimals down to
   * 0.0001, then {@code 1·10⁻⁶}; the locale's decimal separator.
   */
  String number(double v) {
    if (v == 0) {
      return "0";
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.isNaN(v) ? "–" : (v > 0 ? "∞" : "−∞");
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e9) {
      return decimal(d.toPlainString());
    }
    int exponent = d.precision() - d.scale() - 1;
    BigDecimal mantissa = d.movePointLeft(exponent);
    return decimal(mantissa.stripTrailingZeros().toPlainString()) + "·10" + superscript(exponent);
  }

  private String decimal(String plain) {
    char sep = DecimalFormatSymbols.getInstance(locale).getDecimalSeparator();
    return plain.replace('.', sep).replace('-', '−');
  }

  private static String superscript(int exponent) {
    StringBuilder b = new StringBuilder();
    for (char c : Integer.toString(exponent).toCharArray()) {
      b.append(c == '-' ? '⁻' : SUPERSCRIPTS.charAt(c - '0'));
    }
    return b.toString();
  }

  String integer(long n) {
    return NumberFormat.getIntegerInstance(locale).format(n);
  }

  String percent(double fraction) {
    NumberFormat f = NumberFormat.getPercentInstance(locale);
    f.setMaximumFractionDigits(fraction > 0 && fraction < 0.01 ? 1 : 0);
    return f.format(fraction);
  }

  /**
   * An instant to the second, UTC, e.g. {@code 2026-11-27 08:00:00}; years before 1 proleptic
   * ({@code -0001}). Instants in the years ±1,000,000,000, beyond LocalDateTime's range, in ISO
   * form.
   */
  String time(Instant t) {
    Instant s = t.truncatedTo(ChronoUnit.SECONDS);
    try {
      return TIME.format(s);
    } catch (DateTimeException e) {
      return s.toString();
    }
  }
}

package io.privacity.core.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the portal may show of one entry: an allow-list of public facts. Summaries are shown only
 * for categories whose summaries describe data rather than people (releases, charges, rotations,
 * erasures, repairs, other); for access and re-identification entries, whose summaries name the
 * requesting principal, only purpose, data, role and outcome are shown. Principals' ids, private
 * commitments and every other detail are never shown.
 *
 * @param what the summary, or null where it is not shown
 * @param purpose the {@code purpose} detail, or null
 * @param data the {@code domain} or {@code resource} detail, or null
 * @param role the {@code roles} detail, or null
 * @param outcome the {@code outcome} or {@code reason} detail, or null
 * @param mechanism the guarantee's mechanism, or null
 * @param epsilon ε of a release or charge, if stated
 * @param delta δ of a release or charge, if stated
 * @param rho ρ (zCDP) of a release or charge, if stated
 */
record EntryFacts(
    String what,
    String purpose,
    String data,
    String role,
    String outcome,
    String mechanism,
    OptionalDouble epsilon,
    OptionalDouble delta,
    OptionalDouble rho) {

  /** Detail keys that hold identifiers and must never be public (checked before publishing). */
  static final Set<String> PRIVATE_KEYS =
      Set.of(
          "token",
          "tokens",
          "pseudonym",
          "subject",
          "subjectid",
          "subjectref",
          "identity",
          "identifier",
          "justification");

  private static final Set<LedgerEventType> ABOUT_PEOPLE =
      Set.of(
          LedgerEventType.ACCESS_GRANTED,
          LedgerEventType.ACCESS_DENIED,
          LedgerEventType.REIDENTIFICATION);
  private static final Pattern LOSS_PART = Pattern.compile("([εδρ])=([-+0-9.Ee]+|Infinity|NaN)");

  static EntryFacts of(LedgerEntry e) {
    Map<String, String> d = e.details();
    String mechanism = null;
    Double epsilon = null;
    Double delta = null;
    Double rho = null;
    JsonObject guarantee = json(d.get("guarantee"));
    if (guarantee != null) {
      mechanism = string(guarantee, "mechanism");
      epsilon = number(guarantee, "epsilon");
      delta = number(guarantee, "delta");
      rho = number(guarantee, "rho");
    }
    String loss = d.get("loss");
    if (loss != null) {
      Matcher m = LOSS_PART.matcher(loss);
      while (m.find()) {
        double v = parse(m.group(2));
        switch (m.group(1)) {
          case "ε":
            epsilon = v;
            break;
          case "δ":
            delta = v;
            break;
          default:
            rho = v;
        }
      }
    }
    if (epsilon == null && d.containsKey("epsilon")) {
      epsilon = parse(d.get("epsilon"));
    }
    if (delta == null && d.containsKey("delta")) {
      delta = parse(d.get("delta"));
    }
    if (epsilon != null && delta == null && rho == null) {
      delta = 0.0;
    }
    return new EntryFacts(
        ABOUT_PEOPLE.contains(e.type()) ? null : e.summary(),
        d.get("purpose"),
        d.getOrDefault("domain", d.get("resource")),
        d.get("roles"),
        d.getOrDefault("outcome", d.get("reason")),
        mechanism,
        optional(epsilon),
        optional(delta),
        optional(rho));
  }

  /** The first public detail key that must not be public, or null. */
  static String privateKeyIn(LedgerEntry e) {
    for (String k : e.details().keySet()) {
      if (PRIVATE_KEYS.contains(k.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    return null;
  }

  private static OptionalDouble optional(Double v) {
    return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static JsonObject json(String s) {
    if (s == null) {
      return null;
    }
    try {
      JsonElement e = JsonParser.parseString(s);
      return e.isJsonObject() ? e.getAsJsonObject() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static Double number(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      return null;
    }
    return e.getAsDouble();
  }
}

package io.privacity.core.accounting;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.privacity.core.PrivacyLoss;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of an accountant snapshot (format {@value #FORMAT}, version {@value #VERSION}).
 * Reading is strict: RFC 8259 JSON only, one top-level object, no missing, unknown or mistyped
 * fields; every error names the field by its path (e.g. {@code charges[3].loss.epsilon}).
 *
 * <p>Version 2 adds mechanism descriptions to losses ({@code {"kind":"gaussian",
 * "noiseMultiplier":1.1}}, with an optional {@code "calibratedTo"} generic loss when the stated
 * guarantee is not the natural one; subsampled descriptions nest their {@code "loss"}, compositions
 * list their {@code "parts"}) and the {@code rdp} and {@code pld} compositions ({@code
 * {"kind":"pld","delta":1e-6}}). Version 1 snapshots (generic losses only) are still read.
 */
final class AccountantJson {
  private AccountantJson() {}

  static final String FORMAT = "privacity.accountant";
  static final int VERSION = 2;

  /** The oldest version still read. */
  static final int OLDEST_VERSION = 1;

  private static final Gson GSON = new Gson();

  /** A parsed, validated snapshot. */
  record Snapshot(
      PrivacyLoss budget, Composition composition, List<Charge> charges, PrivacyLoss spent) {}

  static String write(
      PrivacyLoss budget, Composition composition, List<Charge> charges, PrivacyLoss spent) {
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT);
    root.addProperty("version", VERSION);
    root.add("budget", loss(budget));
    root.add("composition", composition(composition));
    JsonArray array = new JsonArray();
    for (Charge charge : charges) {
      JsonObject c = new JsonObject();
      c.addProperty("label", charge.label());
      c.add("loss", loss(charge.loss()));
      c.addProperty("time", charge.time().toString());
      array.add(c);
    }
    root.add("charges", array);
    root.add("spent", loss(spent));
    return GSON.toJson(root);
  }

  private static JsonObject loss(PrivacyLoss loss) {
    JsonObject o = new JsonObject();
    if (loss.equals(PrivacyLoss.NONE)) {
      o.addProperty("kind", "none");
      return o;
    }
    if (loss.mechanism() != PrivacyLoss.Mechanism.GENERIC) {
      return description(loss);
    }
    switch (loss.kind()) {
      case PURE:
        o.addProperty("kind", "pure");
        o.addProperty("epsilon", loss.epsilon());
        break;
      case APPROXIMATE:
        o.addProperty("kind", "approximate");
        o.addProperty("epsilon", loss.epsilon());
        o.addProperty("delta", loss.delta());
        break;
      default:
        o.addProperty("kind", "zcdp");
        o.addProperty("rho", loss.rho());
    }
    return o;
  }

  private static final java.util.Map<PrivacyLoss.Mechanism, String> NAMES =
      java.util.Map.of(
          PrivacyLoss.Mechanism.GAUSSIAN, "gaussian",
          PrivacyLoss.Mechanism.LAPLACE, "laplace",
          PrivacyLoss.Mechanism.DISCRETE_LAPLACE, "discreteLaplace",
          PrivacyLoss.Mechanism.DISCRETE_GAUSSIAN, "discreteGaussian",
          PrivacyLoss.Mechanism.RANDOMIZED_RESPONSE, "randomizedResponse",
          PrivacyLoss.Mechanism.POISSON_SUBSAMPLED, "poissonSubsampled",
          PrivacyLoss.Mechanism.SAMPLED_WITHOUT_REPLACEMENT, "sampledWithoutReplacement",
          PrivacyLoss.Mechanism.COMPOSITION, "composition");

  private static JsonObject description(PrivacyLoss loss) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", NAMES.get(loss.mechanism()));
    for (java.util.Map.Entry<String, Number> e : loss.parameters().entrySet()) {
      if (!e.getKey().equals("samplingRate")
          || loss.mechanism() == PrivacyLoss.Mechanism.POISSON_SUBSAMPLED) {
        o.addProperty(e.getKey(), e.getValue());
      }
    }
    switch (loss.mechanism()) {
      case POISSON_SUBSAMPLED:
      case SAMPLED_WITHOUT_REPLACEMENT:
        o.add("loss", loss(loss.inner()));
        break;
      case COMPOSITION:
        JsonArray parts = new JsonArray();
        for (PrivacyLoss p : loss.parts()) {
          parts.add(loss(p));
        }
        o.add("parts", parts);
        break;
      default:
        break;
    }
    if (!loss.equals(naturalOf(loss))) {
      o.add("calibratedTo", loss(loss.stated()));
    }
    return o;
  }

  /** The description as its factory builds it from the stored parts (stated naturally). */
  private static PrivacyLoss naturalOf(PrivacyLoss loss) {
    switch (loss.mechanism()) {
      case POISSON_SUBSAMPLED:
        return PrivacyLoss.subsampled(loss.inner(), loss.samplingRate());
      case SAMPLED_WITHOUT_REPLACEMENT:
        return PrivacyLoss.subsampledWithoutReplacement(
            loss.inner(),
            loss.parameters().get("sampleSize").longValue(),
            loss.parameters().get("populationSize").longValue());
      case COMPOSITION:
        return PrivacyLoss.composition(loss.parts());
      default:
        return loss.curve();
    }
  }

  private static JsonObject composition(Composition composition) {
    JsonObject o = new JsonObject();
    switch (composition.kind()) {
      case BASIC:
        o.addProperty("kind", "basic");
        break;
      case ADVANCED:
        o.addProperty("kind", "advanced");
        o.addProperty("slackDelta", composition.delta());
        break;
      case RDP:
        o.addProperty("kind", "rdp");
        o.addProperty("delta", composition.delta());
        break;
      case PLD:
        o.addProperty("kind", "pld");
        o.addProperty("delta", composition.delta());
        break;
      default:
        o.addProperty("kind", "zcdp");
        if (!composition.isRhoBudget()) {
          o.addProperty("conversionDelta", composition.delta());
        }
    }
    return o;
  }

  static Snapshot read(String json) {
    if (json == null) {
      throw new IllegalArgumentException("json must be an accountant snapshot, got null");
    }
    if (json.isBlank()) {
      throw new IllegalArgumentException(
          "json must be well-formed JSON (an accountant snapshot), got \"" + json + "\"");
    }
    JsonElement parsed;
    try (JsonReader reader = new JsonReader(new StringReader(json))) {
      reader.setStrictness(Strictness.STRICT);
      parsed = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new IllegalArgumentException(
            "json must hold exactly one JSON object, got trailing data at " + reader.getPath());
      }
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new IllegalArgumentException("json must be well-formed JSON: " + e.getMessage(), e);
    }
    JsonObject root = object("snapshot", parsed);
    keys(
        root, "snapshot", Set.of("format", "version", "budget", "composition", "charges", "spent"));
    String format = string(root, "format", "format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "format must be \"" + FORMAT + "\", got \"" + format + "\"");
    }
    JsonPrimitive version = number(root, "version", "version");
    if (!version.getAsString().equals(Integer.toString(VERSION))
        && !version.getAsString().equals(Integer.toString(OLDEST_VERSION))) {
      throw new IllegalArgumentException(
          "version must be "
              + OLDEST_VERSION
              + " or "
              + VERSION
              + " (the versions this library reads), got "
              + version);
    }
    PrivacyLoss budget = readLoss(root.get("budget"), "budget", false);
    Composition composition = readComposition(root.get("composition"));
    JsonElement chargesElement = root.get("charges");
    if (!chargesElement.isJsonArray()) {
      throw new IllegalArgumentException("charges must be an array, got " + chargesElement);
    }
    List<Charge> charges = new ArrayList<>();
    JsonArray array = chargesElement.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      String path = "charges[" + i + "]";
      JsonObject c = object(path, array.get(i));
      keys(c, path, Set.of("label", "loss", "time"));
      String label = string(c, "label", path + ".label");
      if (label.isBlank()) {
        throw new IllegalArgumentException(
            path + ".label must be a non-empty string, got \"" + label + "\"");
      }
      PrivacyLoss loss = readLoss(c.get("loss"), path + ".loss", false);
      String time = string(c, "time", path + ".time");
      Instant instant;
      try {
        instant = Instant.parse(time);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            path
                + ".time must be an ISO-8601 instant such as 2026-11-27T03:00:00Z, got \""
                + time
                + "\"",
            e);
      }
      charges.add(new Charge(label, loss, instant));
    }
    PrivacyLoss spent = readLoss(root.get("spent"), "spent", true);
    try {
      PrivacyAccountant.builder().budget(budget).composition(composition).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("budget and composition: " + e.getMessage(), e);
    }
    return new Snapshot(budget, composition, List.copyOf(charges), spent);
  }

  private static PrivacyLoss readLoss(JsonElement element, String path, boolean noneAllowed) {
    JsonObject o = object(path, element);
    String kind = string(o, "kind", path + ".kind");
    try {
      switch (kind) {
        case "none":
          keys(o, path, Set.of("kind"));
          if (!noneAllowed) {
            throw new IllegalArgumentException(
                path + ".kind must be one of pure, approximate, zcdp, got \"none\"");
          }
          return PrivacyLoss.NONE;
        case "pure":
          keys(o, path, Set.of("kind", "epsilon"));
          return PrivacyLoss.pure(number(o, "epsilon", path + ".epsilon").getAsDouble());
        case "approximate":
          {
            keys(o, path, Set.of("kind", "epsilon", "delta"));
            double delta = number(o, "delta", path + ".delta").getAsDouble();
            if (delta == 0) {
              throw new IllegalArgumentException(
                  path + ".delta must be in (0, 1) for kind approximate, got 0.0 (use kind pure)");
            }
            return PrivacyLoss.approximate(
                number(o, "epsilon", path + ".epsilon").getAsDouble(), delta);
          }
        case "zcdp":
          keys(o, path, Set.of("kind", "rho"));
          return PrivacyLoss.zcdp(number(o, "rho", path + ".rho").getAsDouble());
        default:
          if (noneAllowed || !NAMES.containsValue(kind)) {
            throw new IllegalArgumentException(
                path
                    + ".kind must be one of "
                    + (noneAllowed ? "none, pure, approximate, zcdp" : KINDS)
                    + ", got \""
                    + kind
                    + "\"");
          }
          return readDescription(o, path, kind);
      }
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (message.startsWith(path)) {
        throw e;
      }
      // A PrivacyLoss factory's message starts with the bare parameter name: qualify it.
      throw new IllegalArgumentException(path + "." + message, e);
    }
  }

  private static final String KINDS =
      "pure, approximate, zcdp, gaussian, laplace, discreteLaplace, discreteGaussian,"
          + " randomizedResponse, poissonSubsampled, sampledWithoutReplacement, composition";

  private static PrivacyLoss readDescription(JsonObject o, String path, String kind) {
    boolean calibrated = o.has("calibratedTo");
    Set<String> extra = calibrated ? Set.of("calibratedTo") : Set.of();
    PrivacyLoss loss;
    switch (kind) {
      case "gaussian":
        keys(o, path, with(extra, "kind", "noiseMultiplier"));
        loss = PrivacyLoss.gaussian(real(o, "noiseMultiplier", path));
        break;
      case "laplace":
        keys(o, path, with(extra, "kind", "scaleOverSensitivity"));
        loss = PrivacyLoss.laplace(real(o, "scaleOverSensitivity", path));
        break;
      case "discreteLaplace":
        keys(o, path, with(extra, "kind", "scale", "sensitivity"));
        loss = PrivacyLoss.discreteLaplace(real(o, "scale", path), integer(o, "sensitivity", path));
        break;
      case "discreteGaussian":
        keys(o, path, with(extra, "kind", "sigma", "sensitivity"));
        loss =
            PrivacyLoss.discreteGaussian(real(o, "sigma", path), integer(o, "sensitivity", path));
        break;
      case "randomizedResponse":
        keys(o, path, with(extra, "kind", "p", "categories"));
        loss = PrivacyLoss.randomizedResponse(real(o, "p", path), integer(o, "categories", path));
        break;
      case "poissonSubsampled":
        keys(o, path, with(extra, "kind", "samplingRate", "loss"));
        loss =
            PrivacyLoss.subsampled(
                readLoss(o.get("loss"), path + ".loss", false), real(o, "samplingRate", path));
        break;
      case "sampledWithoutReplacement":
        keys(o, path, with(extra, "kind", "sampleSize", "populationSize", "loss"));
        loss =
            PrivacyLoss.subsampledWithoutReplacement(
                readLoss(o.get("loss"), path + ".loss", false),
                integer(o, "sampleSize", path),
                integer(o, "populationSize", path));
        break;
      default:
        {
          keys(o, path, with(extra, "kind", "parts"));
          JsonElement partsElement = o.get("parts");
          if (!partsElement.isJsonArray() || partsElement.getAsJsonArray().size() < 2) {
            throw new IllegalArgumentException(
                path + ".parts must be an array of at least 2 losses, got " + partsElement);
          }
          List<PrivacyLoss> parts = new ArrayList<>();
          JsonArray array = partsElement.getAsJsonArray();
          for (int i = 0; i < array.size(); i++) {
            parts.add(readLoss(array.get(i), path + ".parts[" + i + "]", false));
          }
          loss = PrivacyLoss.composition(parts);
        }
    }
    if (calibrated) {
      PrivacyLoss g = readLoss(o.get("calibratedTo"), path + ".calibratedTo", false);
      try {
        loss = loss.calibratedTo(g);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ".calibratedTo: " + e.getMessage(), e);
      }
    }
    return loss;
  }

  private static Set<String> with(Set<String> extra, String... keys) {
    Set<String> s = new java.util.HashSet<>(extra);
    s.addAll(List.of(keys));
    return s;
  }

  private static double real(JsonObject o, String key, String path) {
    return number(o, key, path + "." + key).getAsDouble();
  }

  private static long integer(JsonObject o, String key, String path) {
    String text = number(o, key, path + "." + key).getAsString();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          path + "." + key + " must be an integer JSON number, got " + text, e);
    }
  }

  private static Composition readComposition(JsonElement element) {
    String path = "composition";
    JsonObject o = object(path, element);
    String kind = string(o, "kind", path + ".kind");
    try {
      switch (kind) {
        case "basic":
          keys(o, path, Set.of("kind"));
          return Composition.basic();
        case "advanced":
          keys(o, path, Set.of("kind", "slackDelta"));
          return Composition.advanced(number(o, "slackDelta", path + ".slackDelta").getAsDouble());
        case "rdp":
          keys(o, path, Set.of("kind", "delta"));
          return Composition.rdp(number(o, "delta", path + ".delta").getAsDouble());
        case "pld":
          keys(o, path, Set.of("kind", "delta"));
          return Composition.pld(number(o, "delta", path + ".delta").getAsDouble());
        case "zcdp":
          if (o.has("conversionDelta")) {
            keys(o, path, Set.of("kind", "conversionDelta"));
            return Composition.zcdp(
                number(o, "conversionDelta", path + ".conversionDelta").getAsDouble());
          }
          keys(o, path, Set.of("kind"));
          return Composition.zcdp();
        default:
          throw new IllegalArgumentException(
              path + ".kind must be one of basic, advanced, zcdp, rdp, pld, got \"" + kind + "\"");
      }
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (message.startsWith(path)) {
        throw e;
      }
      throw new IllegalArgumentException(path + "." + message, e);
    }
  }

  private static JsonObject object(String path, JsonElement element) {
    if (element == null || !element.isJsonObject()) {
      throw new IllegalArgumentException(path + " must be a JSON object, got " + element);
    }
    return element.getAsJsonObject();
  }

  /** Requires exactly the given keys (all present, nothing else). */
  private static void keys(JsonObject o, String path, Set<String> expected) {
    for (String key : o.keySet()) {
      if (!expected.contains(key)) {
        throw new IllegalArgumentException(
            path
                + " must have only the fields "
                + sorted(expected)
                + ", got unknown \""
                + key
                + "\"");
      }
    }
    for (String key : expected) {
      if (!o.has(key)) {
        throw new IllegalArgumentException(
            path + "." + key + " is required (fields " + sorted(expected) + "), got nothing");
      }
    }
  }

  private static List<String> sorted(Set<String> set) {
    List<String> list = new ArrayList<>(set);
    list.sort(null);
    return list;
  }

  private static String string(JsonObject o, String key, String path) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(path + " must be a string, got " + e);
    }
    return e.getAsString();
  }

  private static JsonPrimitive number(JsonObject o, String key, String path) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(path + " must be a JSON number, got " + e);
    }
    return e.getAsJsonPrimitive();
  }
}

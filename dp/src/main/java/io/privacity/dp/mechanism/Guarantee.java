package io.privacity.dp.mechanism;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a mechanism or a release guarantees: the mechanism's name, its {@link PrivacyLoss} and the
 * parameters the loss depends on (sensitivity, granularity, contribution bounds, …). Immutable
 * value; serialises to JSON for the transparency ledger.
 *
 * @param mechanism the mechanism's name, e.g. {@code "LaplaceMechanism"}
 * @param loss the privacy loss of one use of the mechanism
 * @param parameters the parameters the guarantee depends on, in a stable order
 */
public record Guarantee(String mechanism, PrivacyLoss loss, Map<String, Object> parameters) {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  /**
   * Validates the components and freezes the parameters.
   *
   * @param mechanism the mechanism's name, non-blank
   * @param loss the loss, not null
   * @param parameters the parameters, not null
   */
  public Guarantee {
    Checks.nonBlank("mechanism", mechanism);
    Checks.notNull("loss", loss);
    Checks.notNull("parameters", parameters);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * The guarantee as one JSON object: {@code {"mechanism":…, "kind":…, "epsilon":…, "delta":…,
   * "rho":…, "parameters":{…}}}.
   *
   * @return JSON text
   */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mechanism", mechanism);
    json.put("kind", loss.kind().name());
    if (loss.kind() == PrivacyLoss.Kind.ZCDP) {
      json.put("rho", loss.rho());
    } else {
      json.put("epsilon", loss.epsilon());
      json.put("delta", loss.delta());
    }
    json.put("parameters", parameters);
    return GSON.toJson(json);
  }
}

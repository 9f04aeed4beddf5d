/**
 * Local differential privacy: frequency oracles whose randomization runs on the citizen's device,
 * so the city never holds a true answer. Parameters: {@link io.privacity.dp.local.FrequencyOracle};
 * device side: {@link io.privacity.dp.local.KrrClient}, {@link io.privacity.dp.local.OueClient},
 * {@link io.privacity.dp.local.OlhClient}, {@link io.privacity.dp.local.MemoizingRandomizer};
 * server side: {@link io.privacity.dp.local.KrrServer}, {@link io.privacity.dp.local.OueServer},
 * {@link io.privacity.dp.local.OlhServer}.
 */
package io.privacity.dp.local;

/**
 * Utility and risk metrics: {@link io.privacity.anonymize.metric.Metrics} (generalization loss,
 * discernibility, average class size) as objectives of the optimal search and as reports, and
 * {@link io.privacity.anonymize.metric.ReidentificationRisk} (prosecutor, journalist, marketer)
 * before and after anonymization.
 */
package io.privacity.anonymize.metric;

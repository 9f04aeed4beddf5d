/**
 * The transparency portal: {@link io.privacity.core.report.TransparencyReport} renders a
 * transparency ledger, its signed checkpoint and the privacy budgets of one or more accountants as
 * a static, accessible web site that citizens can read without JavaScript and verify in their own
 * browser.
 */
package io.privacity.core.report;

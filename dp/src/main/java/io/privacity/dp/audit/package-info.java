/**
 * Statistical auditing of differential-privacy claims: {@link io.privacity.dp.audit.DpAuditor}
 * samples a mechanism on two neighbouring inputs and returns a confidence lower bound on the ε the
 * mechanism really spends, so that a bound above the claimed ε is statistical evidence of a bug.
 */
package io.privacity.dp.audit;

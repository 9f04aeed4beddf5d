/**
 * Purpose-bound access control: {@link io.privacity.core.policy.Purpose}, {@link
 * io.privacity.core.policy.Principal}, {@link io.privacity.core.policy.Authorization} and the
 * deny-by-default {@link io.privacity.core.policy.AccessPolicy}, whose decisions can be recorded in
 * a {@link io.privacity.core.ledger.TransparencyLedger}.
 */
package io.privacity.core.policy;

/** Fail-closed privacy budgets and the composition of privacy losses. */
package io.privacity.core.accounting;

/**
 * Differential-privacy noise mechanisms that are safe against floating-point attacks: every random
 * decision is made on integers, and every release lies on a power-of-two lattice.
 */
package io.privacity.dp.mechanism;

/** Randomness for privacy mechanisms: a fast CSPRNG by default, seeded streams for tests. */
package io.privacity.core.random;

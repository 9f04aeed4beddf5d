package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The H2 engine internals the vault reaches into are still there: an H2 upgrade that renames them
 * would otherwise only make large transactions silently slower.
 */
class H2InternalsTest {
  @Test
  void largeWriteBuffer_fieldExistsInThisH2Version() {
    assertTrue(H2Internals.largeWriteBufferAvailable());
  }
}

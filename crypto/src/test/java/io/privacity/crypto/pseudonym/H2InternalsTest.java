package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The H2 engine internals the vault reaches into are still there: an H2 upgrade that renames them
 * would otherwise make large transactions silently slower, and let a killed process lose
 * acknowledged tokens (see {@code VaultCrashTest}).
 */
class H2InternalsTest {
  @Test
  void largeWriteBuffer_fieldExistsInThisH2Version() {
    assertTrue(H2Internals.largeWriteBufferAvailable());
  }

  @Test
  void storeHeader_methodAndLockExistInThisH2Version() {
    assertTrue(H2Internals.headerPublishingAvailable());
  }
}

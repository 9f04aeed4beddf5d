package io.privacity.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Commitments to private details, for arbitrary names and values (any Unicode). */
class LedgerCommitmentProperties {
  private static final LedgerCommitmentKey KEY = LedgerCommitmentKey.generate();

  @Property(tries = 300)
  void committedValue_opensOnlyToItself_andNeverAppearsInThePublishedLine(
      @ForAll @StringLength(min = 1, max = 30) String name,
      @ForAll @StringLength(min = 8, max = 200) String value,
      @ForAll @StringLength(max = 200) String other) {
    Assume.that(!value.equals(other));
    Assume.that(validUnicode(name) && validUnicode(value) && validUnicode(other));
    TransparencyLedger ledger =
        TransparencyLedger.open(LedgerSink.inMemory(), Clock.systemUTC(), KEY);
    LedgerEntry e =
        ledger.append(LedgerEventType.OTHER, "private detail", Map.of(), Map.of(name, value));
    assertTrue(KEY.opens(e, name, value));
    assertFalse(KEY.opens(e, name, other));
    assertFalse(e.toJson().contains(value), "the value is published");
    assertTrue(e.hashIsValid());
    assertTrue(ledger.verify().isOk());
    // The same value again: an unrelated commitment.
    LedgerEntry again =
        ledger.append(LedgerEventType.OTHER, "again", Map.of(), Map.of(name, value));
    assertNotEquals(e.commitments().get(name), again.commitments().get(name));
    assertEquals(
        e.commitments().get(name).substring(0, 21), again.commitments().get(name).substring(0, 21));
  }

  private static boolean validUnicode(String s) {
    try {
      LedgerEntry.checkText("s", s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

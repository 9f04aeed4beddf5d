package io.privacity.anonymize.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void standard_replacesEveryValueByTheToken() {
    assertEquals("[REDACTED]", Redaction.standard().apply("Alice Smith"));
    assertEquals("[REDACTED]", Redaction.standard().apply(""));
  }

  @Test
  void withToken_usesTheToken() {
    Redaction r = Redaction.withToken("");
    assertEquals("", r.apply("4111 1111 1111 1111"));
    assertEquals("", r.token());
  }

  @Test
  void output_doesNotDependOnInputLength() {
    Redaction r = Redaction.withToken("X");
    assertEquals(r.apply("a"), r.apply("a much longer value"));
  }

  @Test
  void token_null_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Redaction.withToken(null));
    assertTrue(e.getMessage().contains("token"), e.getMessage());
  }

  @Test
  void value_null_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Redaction.standard().apply(null));
    assertTrue(e.getMessage().contains("value"), e.getMessage());
  }

  @Test
  void toString_showsToken() {
    assertFalse(Redaction.standard().toString().isEmpty());
    assertTrue(Redaction.standard().toString().contains("[REDACTED]"));
  }
}

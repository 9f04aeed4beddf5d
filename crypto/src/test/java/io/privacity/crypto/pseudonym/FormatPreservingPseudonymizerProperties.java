package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** FF1 round trips and keeps the format, for several alphabets and lengths. */
class FormatPreservingPseudonymizerProperties {
  private static final KeysetHandle MASTER = Pseudonymizer.generateMasterKeyset();
  private static final String[] ALPHABETS = {
    "0123456789", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789abcdef", "01"
  };

  /** An alphabet, a length whose domain is at least 10^6, and an identifier. */
  record Case(String alphabet, int length, String identifier) {}

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.of(ALPHABETS)
        .flatMap(
            a -> {
              int min = (int) Math.ceil(6 / Math.log10(a.length()));
              return Arbitraries.integers()
                  .between(min, min + 24)
                  .flatMap(
                      len ->
                          Combinators.combine(
                                  Arbitraries.just(a),
                                  Arbitraries.just(len),
                                  Arbitraries.strings().withChars(a.toCharArray()).ofLength(len))
                              .as(Case::new));
            });
  }

  @Property(tries = 300)
  void roundTrips_andKeepsFormat(@ForAll("cases") Case c) {
    FormatPreservingPseudonymizer f =
        FormatPreservingPseudonymizer.of(MASTER, "ids", c.alphabet(), c.length());
    String p = f.pseudonymize(c.identifier());
    assertEquals(c.length(), p.length());
    for (char ch : p.toCharArray()) {
      assertTrue(c.alphabet().indexOf(ch) >= 0, p);
    }
    assertEquals(c.identifier(), f.reverse(p));
    assertEquals(p, f.pseudonymize(c.identifier()));
  }
}

package io.privacity.examples;

import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.envelope.EncryptionContext;
import io.privacity.crypto.envelope.EnvelopeOpener;
import io.privacity.crypto.envelope.EnvelopeSealer;
import io.privacity.crypto.envelope.SealingSession;
import io.privacity.crypto.envelope.SubjectKeys;
import io.privacity.crypto.envelope.SubjectShreddedException;
import io.privacity.crypto.envelope.WrongContextException;
import io.privacity.crypto.keys.HpkeKeyPairs;
import io.privacity.crypto.keys.HpkePublicKeys;
import io.privacity.crypto.keys.Keysets;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.UnknownKeyException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Air-quality sensors seal readings with the city's public key; a gateway forwards bytes it cannot
 * read; an analytics service opens them for its purpose only; the city rotates its key and rewraps
 * old envelopes; a citizen's erasure request crypto-shreds their records; the transparency ledger
 * shows each step.
 */
public final class SensorEnvelopesScenario implements Scenario {
  private static final String CITY = "lyon";
  private static final String PURPOSE = "air-quality-analytics";
  private static final int SENSORS = 4;
  private static final int READINGS = 250;

  /** Creates the scenario. */
  public SensorEnvelopesScenario() {}

  @Override
  public String name() {
    return "sensor-envelopes";
  }

  @Override
  public String description() {
    return "Sensors seal readings to the city's public key; purpose-bound opening, key rotation"
        + " with rewrap, crypto-shredding on erasure, all in the transparency ledger";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    PrintStream out = context.out();
    TransparencyLedger ledger = TransparencyLedger.inMemory();

    // 1. The city creates an HPKE key pair and publishes the public key to its sensors.
    HpkeKeyPairs city = HpkeKeyPairs.generate().recordRotationsIn(ledger);
    byte[] published = city.publicKeys().toPublicKeyset();
    out.printf(
        "1. City key pair %s; public keyset of %d bytes sent to sensors%n",
        city.keyIds().get(0), published.length);

    // 2. Sensors seal readings in data-key sessions (one key block, then 74-byte-overhead records).
    Random weather = new Random(2026); // example data only, not key material
    List<byte[]> queue = new ArrayList<>();
    Map<String, EncryptionContext> contexts = new LinkedHashMap<>();
    int bytesIn = 0;
    for (int s = 1; s <= SENSORS; s++) {
      String sensorId = "aq-" + s;
      EncryptionContext ctx =
          EncryptionContext.of("purpose", PURPOSE, "sensor", sensorId, "city", CITY);
      contexts.put(sensorId, ctx);
      HpkePublicKeys cityKey = HpkePublicKeys.fromPublicKeyset(published);
      try (SealingSession session =
          EnvelopeSealer.builder().keys(cityKey).build().newSession(ctx)) {
        queue.add(session.keyBlock());
        for (int i = 0; i < READINGS; i++) {
          String reading =
              String.format(
                  Locale.ROOT,
                  "pm25=%.1f;no2=%.0f",
                  8 + s * 3 + weather.nextGaussian() * 2,
                  20 + weather.nextGaussian() * 5);
          byte[] pt = reading.getBytes(StandardCharsets.UTF_8);
          bytesIn += pt.length;
          queue.add(session.seal(pt));
        }
        // The sensor has no private key: it cannot open even its own key block.
        try {
          EnvelopeOpener.builder().keys(cityKey).build().acceptSessionKey(session.keyBlock(), ctx);
        } catch (UnknownKeyException expected) {
          if (s == 1) {
            out.println(
                "2. Sensor aq-1 tries to open its own envelopes: refused ("
                    + expected.getClass().getSimpleName()
                    + ")");
          }
        }
      }
    }
    int bytesOut = queue.stream().mapToInt(b -> b.length).sum();
    out.printf(
        "   %d sensors sealed %d readings (%d plaintext bytes -> %d envelope bytes,"
            + " %.1f B overhead per reading incl. key blocks)%n",
        SENSORS,
        SENSORS * READINGS,
        bytesIn,
        bytesOut,
        (bytesOut - bytesIn) / (double) (SENSORS * READINGS));
    ledger.append(
        LedgerEventType.RELEASE,
        "sensors sealed readings to the city's public key",
        Map.of(
            "sensors",
            Integer.toString(SENSORS),
            "readings",
            Integer.toString(SENSORS * READINGS),
            "purpose",
            PURPOSE));

    // 3. The gateway forwards bytes: it holds no key. Key blocks and records look alike to it.
    out.printf("3. Gateway forwards %d opaque messages (it holds no key)%n", queue.size());

    // 4. Analytics opens for its purpose; anything else is refused.
    EnvelopeOpener analytics = EnvelopeOpener.builder().keys(city).build();
    Map<String, double[]> pm = new LinkedHashMap<>();
    int i = 0;
    for (String sensorId : contexts.keySet()) {
      EncryptionContext ctx = contexts.get(sensorId);
      analytics.acceptSessionKey(queue.get(i++), ctx);
      double[] sum = new double[2];
      for (int r = 0; r < READINGS; r++) {
        String reading = new String(analytics.open(queue.get(i++), ctx), StandardCharsets.UTF_8);
        sum[0] += Double.parseDouble(reading.substring(5, reading.indexOf(';')));
        sum[1]++;
      }
      pm.put(sensorId, sum);
    }
    out.print("4. Analytics opened every reading for purpose '" + PURPOSE + "'; mean PM2.5:");
    pm.forEach((k, v) -> out.printf(Locale.ROOT, " %s=%.1f", k, v[0] / v[1]));
    out.println();
    ledger.append(
        LedgerEventType.ACCESS_GRANTED,
        "analytics opened sensor readings",
        Map.of("purpose", PURPOSE, "readings", Integer.toString(SENSORS * READINGS)));
    EncryptionContext marketing =
        EncryptionContext.of("purpose", "marketing", "sensor", "aq-1", "city", CITY);
    try {
      analytics.open(queue.get(1), marketing);
    } catch (WrongContextException refused) {
      out.println(
          "   Opening the same reading for purpose 'marketing': refused ("
              + refused.getClass().getSimpleName()
              + ")");
      ledger.append(
          LedgerEventType.ACCESS_DENIED,
          "envelope refused for another purpose",
          Map.of("purpose", "marketing", "sensor", "aq-1"));
    }

    // 5. Rotation: new sessions use the new key; old key blocks are rewrapped, records untouched.
    String oldKey = city.keyIds().get(0);
    String newKey = city.rotate();
    int rewrapped = 0;
    i = 0;
    for (EncryptionContext ctx : contexts.values()) {
      queue.set(i, analytics.rewrap(queue.get(i), ctx));
      rewrapped++;
      i += READINGS + 1;
    }
    ledger.append(
        LedgerEventType.KEY_ROTATION,
        "rewrapped archived session key blocks",
        Map.of(
            "from",
            oldKey,
            "to",
            newKey,
            "keyBlocks",
            Integer.toString(rewrapped),
            "payloadsTouched",
            "0"));
    EnvelopeOpener archive = EnvelopeOpener.builder().keys(city).build();
    EncryptionContext aq1 = contexts.get("aq-1");
    archive.acceptSessionKey(queue.get(0), aq1);
    out.printf(
        "5. Rotated %s -> %s; rewrapped %d key blocks, no payload touched;"
            + " archived reading still opens: %s%n",
        oldKey,
        newKey,
        rewrapped,
        new String(archive.open(queue.get(1), aq1), StandardCharsets.UTF_8));

    // 6. Citizen records: per-subject keys; an erasure request crypto-shreds one citizen's data.
    // (In production the master key comes from a KMS, the store is a database and the key slot an
    // HSM object or ErasableKeySlot.inDirectory; here all three are in memory.)
    SubjectKeys subjects =
        SubjectKeys.builder()
            .masterKey(Keysets.aead(Keysets.generateMasterKeyset()))
            .ledger(ledger)
            .build();
    LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    EnvelopeSealer records = EnvelopeSealer.builder().keys(kek).subjectKeys(subjects).build();
    EnvelopeOpener caseworker = EnvelopeOpener.builder().keys(kek).subjectKeys(subjects).build();
    Map<String, byte[]> lake = new LinkedHashMap<>();
    for (String citizen : List.of("citizen-17", "citizen-23", "citizen-42")) {
      EncryptionContext ctx =
          EncryptionContext.of("subject", citizen, "purpose", "noise-complaints", "city", CITY);
      lake.put(
          citizen,
          records.seal(
              ("complaint from " + citizen + ": night-time noise near the tram depot")
                  .getBytes(StandardCharsets.UTF_8),
              ctx));
    }
    subjects.forget("citizen-17");
    out.println("6. Erasure request from citizen-17: their key is destroyed");
    for (Map.Entry<String, byte[]> e : lake.entrySet()) {
      EncryptionContext ctx =
          EncryptionContext.of("subject", e.getKey(), "purpose", "noise-complaints", "city", CITY);
      try {
        caseworker.open(e.getValue(), ctx);
        out.println("   " + e.getKey() + ": record opens");
      } catch (WrongContextException gone) {
        // The opener refuses an erased subject exactly as a wrong context or an unknown subject,
        // so it is no oracle for "was this person here"; the ledger records the erasure.
        out.println(
            "   "
                + e.getKey()
                + ": unreadable for good (refused as "
                + gone.getClass().getSimpleName()
                + ", like any context that cannot open it)");
      }
    }
    try {
      records.seal(
          "late complaint".getBytes(StandardCharsets.UTF_8),
          EncryptionContext.of(
              "subject", "citizen-17", "purpose", "noise-complaints", "city", CITY));
    } catch (SubjectShreddedException refused) {
      out.println(
          "   New data about citizen-17: refused (" + refused.getClass().getSimpleName() + ")");
    }

    // 7. The ledger shows each step, hash-chained.
    out.println(
        "7. Transparency ledger ("
            + ledger.size()
            + " entries, chain "
            + (ledger.verify().isOk() ? "verifies" : "DOES NOT VERIFY")
            + "):");
    for (LedgerEntry e : ledger.entries()) {
      out.println("   #" + e.sequence() + " " + e.type() + ": " + e.summary() + " " + e.details());
    }
  }
}

package io.privacity.examples;

import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessDeniedException;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.core.policy.Principal;
import io.privacity.core.policy.Purpose;
import io.privacity.core.random.Randomness;
import io.privacity.crypto.pseudonym.Canonicalizer;
import io.privacity.crypto.pseudonym.EpochRotation;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.PseudonymEncoding;
import io.privacity.crypto.pseudonym.PseudonymVault;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import io.privacity.crypto.pseudonym.ReidentificationException;
import io.privacity.crypto.pseudonym.TokenPolicy;
import io.privacity.crypto.pseudonym.VaultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parking cameras (ANPR) read licence plates at five car parks for three days. Analytics never see
 * a plate: each reading becomes a daily pseudonym in the {@code parking-enforcement} domain, and
 * occupancy statistics (distinct vehicles, repeat visits) are computed on pseudonyms, exactly as on
 * plates within a day, while vehicles cannot be followed from one day to the next. Overstaying
 * vehicles are put in a {@link PseudonymVault}; a police request with a warrant is granted and
 * ledgered, a marketing request is denied and ledgered, and a citizen's erasure request is honoured
 * by crypto-shredding.
 *
 * <p>The plates are synthetic, generated from a fixed seed ({@link Randomness#insecureSeeded}, for
 * reproducible output only); the pseudonym and vault keys come from the secure default.
 */
public final class AnprPlatesScenario implements Scenario {
  private static final String DOMAIN = "parking-enforcement";
  private static final String[] CAR_PARKS = {
    "Gare", "Hotel-de-Ville", "Marche", "Stade", "Hopital"
  };
  private static final int VEHICLES = 600;
  private static final int DAYS = 3;
  private static final Instant DAY0 = Instant.parse("2026-11-23T00:00:00Z");
  private static final Purpose LAW = Purpose.of("law-enforcement");
  private static final Purpose MARKETING = Purpose.of("marketing");

  /** One camera reading: when, where, the plate as the camera spelled it. */
  private record Reading(Instant time, String carPark, String plate, int minutes) {}

  /** Creates the scenario. */
  public AnprPlatesScenario() {}

  @Override
  public String name() {
    return "anpr-plates";
  }

  @Override
  public String description() {
    return "Parking-camera plates become daily pseudonyms for occupancy statistics; police"
        + " re-identification is granted and ledgered, marketing is denied, erasure is honoured";
  }

  @Override
  public void run(ScenarioContext context) throws Exception {
    var out = context.out();
    Randomness seeded = Randomness.insecureSeeded(2026); // synthetic data only
    List<String> plates = new ArrayList<>();
    for (int i = 0; i < VEHICLES; i++) {
      plates.add(plate(seeded));
    }
    List<Reading> readings = readings(plates, seeded);
    out.printf(
        "Data: %,d synthetic camera readings of %d vehicles at %d car parks over %d days.%n",
        readings.size(), VEHICLES, CAR_PARKS.length, DAYS);
    out.printf(
        "Cameras spell plates inconsistently, e.g. \"%s\", \"%s\".%n%n",
        readings.get(0).plate(), readings.get(1).plate());

    // 1. Daily pseudonyms for analytics.
    Pseudonymizer pseudonymizer =
        Pseudonymizer.builder()
            .masterKeyset(Pseudonymizer.generateMasterKeyset())
            .domain(
                PseudonymDomain.builder(DOMAIN)
                    .rotation(EpochRotation.DAILY)
                    .canonicalizer(Canonicalizer.licencePlate())
                    .encoding(PseudonymEncoding.crockfordBase32(16))
                    .collisionBound(1_000_000, 1e-9)
                    .build())
            .build();
    out.println(
        "1. Analytics on daily pseudonyms (16 base-32 characters, collision bound "
            + String.format(
                "%.1e", PseudonymEncoding.crockfordBase32(16).collisionProbability(1_000_000))
            + " for 10^6 plates a day)");
    Map<String, Set<String>> byDayParkPseudo = new TreeMap<>();
    Map<String, Set<String>> byDayParkPlate = new TreeMap<>();
    Map<Integer, Map<String, Integer>> visitsPerPseudonym = new HashMap<>();
    Map<Integer, Set<String>> pseudonymsPerDay = new HashMap<>();
    Map<Integer, Set<String>> platesPerDay = new HashMap<>();
    for (Reading r : readings) {
      int day = (int) Duration.between(DAY0, r.time()).toDays();
      String p = pseudonymizer.pseudonymize(DOMAIN, r.plate(), r.time());
      String key = "day " + (day + 1) + " " + r.carPark();
      byDayParkPseudo.computeIfAbsent(key, k -> new HashSet<>()).add(p);
      byDayParkPlate
          .computeIfAbsent(key, k -> new HashSet<>())
          .add(Canonicalizer.licencePlate().canonicalize(r.plate()));
      visitsPerPseudonym.computeIfAbsent(day, d -> new HashMap<>()).merge(p, 1, Integer::sum);
      pseudonymsPerDay.computeIfAbsent(day, d -> new HashSet<>()).add(p);
      platesPerDay
          .computeIfAbsent(day, d -> new HashSet<>())
          .add(Canonicalizer.licencePlate().canonicalize(r.plate()));
    }
    out.println("   distinct vehicles per car park and day (from pseudonyms | true, from plates):");
    boolean exact = true;
    for (int day = 0; day < DAYS; day++) {
      StringBuilder line = new StringBuilder("   day " + (day + 1) + ":");
      for (String park : CAR_PARKS) {
        String key = "day " + (day + 1) + " " + park;
        int fromPseudo = byDayParkPseudo.getOrDefault(key, Set.of()).size();
        int fromPlates = byDayParkPlate.getOrDefault(key, Set.of()).size();
        exact &= fromPseudo == fromPlates;
        line.append(String.format(" %s %d|%d", park, fromPseudo, fromPlates));
      }
      long repeat = visitsPerPseudonym.get(day).values().stream().filter(v -> v > 1).count();
      line.append(String.format("; vehicles seen more than once: %d", repeat));
      out.println(line);
    }
    out.println("   counts on pseudonyms equal counts on plates: " + exact);
    Set<String> returningPlates = new HashSet<>(platesPerDay.get(0));
    returningPlates.retainAll(platesPerDay.get(1));
    Set<String> linkedPseudonyms = new HashSet<>(pseudonymsPerDay.get(0));
    linkedPseudonyms.retainAll(pseudonymsPerDay.get(1));
    out.printf(
        "   vehicles present on day 1 and day 2: %d in truth, %d linkable through pseudonyms"
            + " (daily keys)%n%n",
        returningPlates.size(), linkedPseudonyms.size());

    // 2. Enforcement list in a vault (H2 file in the output directory) with a ledger.
    Path vaultFile = context.outputFile("anpr-plates-vault");
    Files.deleteIfExists(vaultFile.resolveSibling("anpr-plates-vault.mv.db"));
    Files.deleteIfExists(vaultFile.resolveSibling("anpr-plates-vault.trace.db"));
    Files.deleteIfExists(vaultFile.resolveSibling("anpr-plates-vault.keys"));
    Path ledgerFile = context.outputFile("anpr-plates.ledger.jsonl");
    Files.deleteIfExists(ledgerFile);
    try (TransparencyLedger ledger = TransparencyLedger.openFile(ledgerFile);
        PseudonymVault vault =
            PseudonymVault.builder()
                .store(VaultStore.h2(vaultFile))
                .keyEncryptionKeyset(PseudonymVault.generateKeyEncryptionKeyset())
                .indexKeyset(PseudonymVault.generateIndexKeyset())
                .domain(DOMAIN, TokenPolicy.DETERMINISTIC, Duration.ofDays(90))
                .canonicalizer(Canonicalizer.licencePlate())
                .accessPolicy(AccessPolicy.builder().allow("police-officer", LAW, DOMAIN).build())
                .ledger(ledger)
                .build()) {
      Map<String, String> fines = new LinkedHashMap<>();
      for (Reading r : readings) {
        if (r.minutes() > 240) {
          fines.putIfAbsent(vault.tokenize(DOMAIN, r.plate()), r.carPark());
        }
      }
      out.printf(
          "2. %d overstays (> 4 h) become vault tokens; the enforcement list holds tokens only,"
              + " e.g. %s%n",
          fines.size(), fines.keySet().iterator().next());
      String token = fines.keySet().iterator().next();
      Instant now = Instant.now();
      Authorization warrant =
          Authorization.builder()
              .principal(Principal.of("officer-0042", "police-officer"))
              .purpose(LAW)
              .justification(
                  "warrant TJ-2026-1187 (hit-and-run, car park " + fines.get(token) + ")")
              .issuedAt(now.minus(Duration.ofHours(1)))
              .expiresAt(now.plus(Duration.ofDays(7)))
              .build();
      String identity = vault.reidentify(DOMAIN, token, warrant);
      out.printf("   police with a warrant: granted, token %s is plate %s%n", token, identity);
      Authorization campaign =
          Authorization.builder()
              .principal(Principal.of("retail-partner", "marketing-analyst"))
              .purpose(MARKETING)
              .justification("loyalty campaign for frequent parkers")
              .issuedAt(now.minus(Duration.ofHours(1)))
              .expiresAt(now.plus(Duration.ofDays(7)))
              .build();
      try {
        vault.reidentify(DOMAIN, token, campaign);
        out.println("   marketing: granted (this must not happen)");
      } catch (AccessDeniedException e) {
        out.println("   marketing: denied (" + e.reason() + ")");
      }

      // 3. The citizen asks for erasure.
      out.printf("3. The owner of %s asks for erasure (GDPR Art. 17).%n", identity);
      out.printf(
          "   before: an authorized lookup finds the plate's token: %s%n",
          vault.find(DOMAIN, identity, warrant).isPresent());
      vault.forget(identity);
      try {
        vault.reidentify(DOMAIN, token, warrant);
        out.println("   re-identification after erasure: granted (this must not happen)");
      } catch (ReidentificationException e) {
        out.printf(
            "   erased: its bucket keys were overwritten in %s; police re-identification now"
                + " fails: %s; the lookup finds a token: %s%n",
            "anpr-plates-vault.keys",
            e.reason(),
            vault.find(DOMAIN, identity, warrant).isPresent());
      }

      out.printf("%nTransparency ledger (%s):%n", ledgerFile.getFileName());
      for (LedgerEntry e : ledger.entries()) {
        out.printf("   #%d %s: %s%n", e.sequence(), e.type(), e.summary());
      }
      out.println("   verify: " + (ledger.verify().isOk() ? "ok" : ledger.verify()));
    }
  }

  /** A French-style plate AA-123-AA, spelled as a camera might. */
  private static String plate(Randomness r) {
    String letters = "ABCDEFGHJKLMNPQRSTVWXYZ";
    StringBuilder s = new StringBuilder();
    s.append(letters.charAt(r.nextInt(letters.length())));
    s.append(letters.charAt(r.nextInt(letters.length())));
    s.append('-').append(String.format("%03d", r.nextInt(1000))).append('-');
    s.append(letters.charAt(r.nextInt(letters.length())));
    s.append(letters.charAt(r.nextInt(letters.length())));
    return s.toString();
  }

  private static String spelling(String plate, Randomness r) {
    switch (r.nextInt(3)) {
      case 0:
        return plate;
      case 1:
        return plate.replace('-', ' ').toLowerCase(java.util.Locale.ROOT);
      default:
        return plate.replace("-", "");
    }
  }

  private static List<Reading> readings(List<String> plates, Randomness r) {
    List<Reading> out = new ArrayList<>();
    for (int day = 0; day < DAYS; day++) {
      for (String plate : plates) {
        // Each vehicle parks on about half of the days, usually at its "home" car park.
        if (r.nextInt(2) == 0) {
          continue;
        }
        int visits = 1 + (r.nextInt(4) == 0 ? 1 : 0);
        for (int v = 0; v < visits; v++) {
          String park =
              r.nextInt(3) == 0
                  ? CAR_PARKS[r.nextInt(CAR_PARKS.length)]
                  : CAR_PARKS[Math.floorMod(plate.hashCode(), CAR_PARKS.length)];
          Instant t = DAY0.plus(Duration.ofDays(day)).plusSeconds(6 * 3600 + r.nextInt(14 * 3600));
          out.add(new Reading(t, park, spelling(plate, r), 15 + r.nextInt(300)));
        }
      }
    }
    return out;
  }
}

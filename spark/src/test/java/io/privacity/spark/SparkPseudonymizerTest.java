package io.privacity.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.privacity.crypto.pseudonym.Canonicalizer;
import io.privacity.crypto.pseudonym.EpochRotation;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Spark column function gives exactly Pseudonymizer's pseudonyms, and keeps the key hidden. */
class SparkPseudonymizerTest {
  private static final KeysetHandle KEYSET = Pseudonymizer.generateMasterKeyset();
  private static final Instant NOW = Instant.parse("2026-03-04T10:15:30Z");

  private static PseudonymDomain plates() {
    return PseudonymDomain.builder("parking")
        .rotation(EpochRotation.DAILY)
        .canonicalizer(Canonicalizer.licencePlate())
        .build();
  }

  private static PseudonymDomain meters() {
    return PseudonymDomain.builder("meters").build();
  }

  private static SparkPseudonymizer spark() {
    return SparkPseudonymizer.builder(TestSpark.session())
        .masterKeyset(KEYSET)
        .domain(SparkPseudonymizerTest::plates)
        .domain(SparkPseudonymizerTest::meters)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private static Pseudonymizer local() {
    return Pseudonymizer.builder().masterKeyset(KEYSET).domain(plates()).domain(meters()).build();
  }

  @Test
  void pseudonyms_equal_pseudonymizer_output_per_domain_and_epoch() {
    StructType schema =
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField("plate", DataTypes.StringType, true),
                DataTypes.createStructField("seen", DataTypes.TimestampType, true)));
    List<Row> rows = new ArrayList<>();
    String[] plates = {"ab-123 cd", "AB123CD", "zz 999 x", "B·42·K", "ÄB 1"};
    for (int day = 0; day < 3; day++) {
      for (String p : plates) {
        if (!p.startsWith("Ä")) {
          rows.add(RowFactory.create(p, Timestamp.from(NOW.plusSeconds(86_400L * day))));
        }
      }
    }
    rows.add(RowFactory.create(null, Timestamp.from(NOW)));
    Pseudonymizer local = local();
    try (SparkPseudonymizer p = spark()) {
      Dataset<Row> out =
          TestSpark.session()
              .createDataFrame(rows, schema)
              .repartition(3)
              .withColumn("pseudonym", p.pseudonymize("parking", col("plate"), col("seen")))
              .withColumn("meter", p.pseudonymize("meters", col("plate")));
      int checked = 0;
      for (Row r : out.collectAsList()) {
        if (r.isNullAt(0)) {
          assertNull(r.get(2), "a null identifier has a null pseudonym");
          continue;
        }
        Instant seen = r.getTimestamp(1).toInstant();
        assertEquals(local.pseudonymize("parking", r.getString(0), seen), r.getString(2));
        assertEquals(local.pseudonymize("meters", r.getString(0), NOW), r.getString(3));
        checked++;
      }
      assertEquals(12, checked);
      // Same plate, two spellings: one pseudonym; the next day: another.
      Instant d0 = NOW;
      assertEquals(
          local.pseudonymize("parking", "ab-123 cd", d0),
          local.pseudonymize("parking", "AB123CD", d0));
      assertNotEquals(
          local.pseudonymize("parking", "AB123CD", d0),
          local.pseudonymize("parking", "AB123CD", d0.plusSeconds(86_400)));
    }
  }

  @Test
  void binary_identifiers_are_pseudonymized_as_bytes() {
    StructType schema =
        DataTypes.createStructType(
            List.of(DataTypes.createStructField("uid", DataTypes.BinaryType, false)));
    List<Row> rows =
        List.of(
            RowFactory.create(new byte[] {1, 2, 3}), RowFactory.create(new byte[] {(byte) 0xff}));
    try (SparkPseudonymizer p = spark()) {
      List<Row> out =
          TestSpark.session()
              .createDataFrame(rows, schema)
              .select(p.pseudonymize("meters", col("uid")))
              .collectAsList();
      assertEquals(
          local().pseudonymize("meters", new byte[] {1, 2, 3}, NOW), out.get(0).getString(0));
      assertEquals(
          local().pseudonymize("meters", new byte[] {(byte) 0xff}, NOW), out.get(1).getString(0));
    }
  }

  @Test
  void the_key_appears_in_no_plan_and_no_string_and_is_destroyed_on_close() throws Exception {
    byte[] raw = TinkProtoKeysetFormat.serializeKeyset(KEYSET, InsecureSecretKeyAccess.get());
    SparkPseudonymizer p = spark();
    Dataset<Row> ds =
        TestSpark.session()
            .range(3)
            .selectExpr("cast(id as string) as m")
            .withColumn("p", p.pseudonymize("meters", col("m")));
    String plans = ds.queryExecution().toString() + p + ds.schema();
    assertFalse(plans.contains(Base64.getEncoder().encodeToString(raw)));
    assertFalse(plans.contains(HexFormat.of().formatHex(raw)));
    assertEquals(3, ds.collectAsList().size());
    p.close();
    assertThrows(IllegalStateException.class, () -> p.pseudonymize("meters", col("m")));
    assertThrows(Exception.class, ds::collectAsList, "the destroyed broadcast cannot be used");
  }

  @Test
  void rejected_identifiers_are_reported_without_the_identifier() {
    StructType schema =
        DataTypes.createStructType(
            List.of(DataTypes.createStructField("plate", DataTypes.StringType, false)));
    try (SparkPseudonymizer p = spark()) {
      Dataset<Row> ds =
          TestSpark.session()
              .createDataFrame(List.of(RowFactory.create("SECRET-PLATE-#!")), schema)
              .select(p.pseudonymize("parking", col("plate")));
      Exception e = assertThrows(Exception.class, ds::collectAsList);
      StringBuilder all = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t.getMessage());
      }
      assertTrue(all.toString().contains("rejected by its canonicalizer"), all.toString());
      assertFalse(all.toString().contains("SECRET"), "the identifier is not in the error");
    }
  }

  @Test
  void unknown_domains_and_missing_parts_are_refused() {
    try (SparkPseudonymizer p = spark()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> p.pseudonymize("transit", col("x")));
      assertTrue(e.getMessage().contains("[parking, meters]") || e.getMessage().contains("meters"));
    }
    assertThrows(
        IllegalStateException.class, () -> SparkPseudonymizer.builder(TestSpark.session()).build());
    assertThrows(
        IllegalStateException.class,
        () -> SparkPseudonymizer.builder(TestSpark.session()).masterKeyset(KEYSET).build());
  }
}

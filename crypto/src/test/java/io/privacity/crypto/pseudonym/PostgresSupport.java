package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server for tests: {@code PRIVACITY_PG_URL} (set by {@code .ci/postgres.sh}).
 * Locally, tests that need it are skipped when it is unset; in CI ({@code CI=true}) they fail, so
 * they always run there.
 */
final class PostgresSupport {
  private PostgresSupport() {}

  static String baseUrl() {
    String url = System.getenv("PRIVACITY_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("PRIVACITY_PG_URL must be set in CI: source .ci/postgres.sh before the test suite");
      }
      Assumptions.abort("PRIVACITY_PG_URL is not set: PostgreSQL tests skipped locally");
    }
    return url;
  }

  /** A fresh schema; the returned URL connects to it. */
  static String freshSchemaUrl() {
    String base = baseUrl();
    String schema = "pv_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void dropSchema(String url) {
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    try (Connection c = DriverManager.getConnection(baseUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }
}

package io.privacity.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.LedgerSigningKey;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.report.TransparencyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The portal's server as an attacker and a crowd see it: only the site's files, only read. */
class PortalServerTest {
  private static final String SECRET = "the-secret-outside-the-site";
  private static final List<String> PAGE =
      List.of(
          "/",
          "/portal.css",
          "/verify.js",
          "/favicon.svg",
          "/ledger.jsonl",
          "/checkpoint.txt",
          "/ledger-public-key.pem");

  @TempDir static Path dir;
  static Path site;
  static PortalServer server;

  @BeforeAll
  static void start() throws IOException {
    Path ledger = dir.resolve("city.ledger.jsonl");
    Path cp = dir.resolve("city.checkpoint.txt");
    LedgerSigningKey key = LedgerSigningKey.generate();
    try (TransparencyLedger l = TransparencyLedger.openFile(ledger)) {
      for (int i = 0; i < 20; i++) {
        l.append(LedgerEventType.RELEASE, "released: count " + i, Map.of("epsilon", "0.1"));
      }
      l.writeCheckpoint(key, cp);
    }
    site = dir.resolve("site");
    TransparencyReport.builder()
        .ledger(ledger)
        .checkpoint(cp, key.publicKey())
        .build()
        .render(site);
    // Bait for traversal: a file beside the site, a sub-directory, a dot file and a symbolic link.
    Files.writeString(dir.resolve("secret.txt"), SECRET);
    Files.createDirectories(site.resolve("sub"));
    Files.writeString(site.resolve("sub").resolve("inner.txt"), SECRET);
    Files.writeString(site.resolve(".hidden.txt"), SECRET);
    try {
      Files.createSymbolicLink(site.resolve("link.txt"), dir.resolve("secret.txt"));
    } catch (UnsupportedOperationException | IOException e) {
      // No symbolic links on this file system: nothing to test there.
    }
    server = PortalServer.start(site, 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A raw HTTP/1.1 exchange, so that nothing normalizes the request target on the way. */
  record Raw(int status, Map<String, String> headers, String body) {}

  static Raw raw(String method, String target) throws IOException {
    return raw(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
  }

  static Raw raw(String head) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      try {
        in.transferTo(buf);
      } catch (SocketException e) {
        // The server may close after refusing; what arrived is the answer.
      }
      String text = buf.toString(StandardCharsets.ISO_8859_1);
      if (text.isEmpty()) {
        return new Raw(-1, Map.of(), "");
      }
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, c).toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
      }
      return new Raw(
          Integer.parseInt(lines[0].split(" ")[1]),
          headers,
          end < 0 ? "" : text.substring(end + 4));
    }
  }

  private static void assertServesIndex() throws IOException {
    Raw r = raw("GET", "/");
    assertEquals(200, r.status());
    assertTrue(r.body().contains("<h1>Transparency report</h1>"));
  }

  // ---------------------------------------------------------------- what it serves

  @Test
  void files_areServedWithTheirTypesAndSecurityHeaders() throws IOException {
    Map<String, String> types =
        Map.of(
            "/", "text/html; charset=utf-8",
            "/index.html", "text/html; charset=utf-8",
            "/portal.css", "text/css; charset=utf-8",
            "/verify.js", "text/javascript; charset=utf-8",
            "/favicon.svg", "image/svg+xml",
            "/ledger.jsonl", "application/x-ndjson; charset=utf-8",
            "/checkpoint.txt", "text/plain; charset=utf-8",
            "/ledger-public-key.pem", "text/plain; charset=utf-8",
            "/index.html?utm=1", "text/html; charset=utf-8");
    for (Map.Entry<String, String> t : types.entrySet()) {
      Raw r = raw("GET", t.getKey());
      assertEquals(200, r.status(), t.getKey());
      assertEquals(t.getValue(), r.headers().get("content-type"), t.getKey());
      assertTrue(r.headers().get("content-security-policy").startsWith("default-src 'self';"));
      assertTrue(r.headers().get("content-security-policy").contains("frame-ancestors 'none'"));
      assertEquals("nosniff", r.headers().get("x-content-type-options"));
      assertEquals("no-referrer", r.headers().get("referrer-policy"));
      assertEquals("DENY", r.headers().get("x-frame-options"));
    }
    Raw ledger = raw("GET", "/ledger.jsonl");
    assertEquals(Files.readString(site.resolve("ledger.jsonl")), ledger.body());
  }

  @Test
  void head_answersHeadersWithoutABody() throws IOException {
    Raw r = raw("HEAD", "/index.html");
    assertEquals(200, r.status());
    assertEquals("", r.body());
    assertEquals(
        Long.toString(Files.size(site.resolve("index.html"))), r.headers().get("content-length"));
    assertEquals("nosniff", r.headers().get("x-content-type-options"));
    Raw missing = raw("HEAD", "/nothing.html");
    assertEquals(404, missing.status());
    assertEquals("", missing.body());
  }

  // ---------------------------------------------------------------- what it refuses

  @ParameterizedTest
  @ValueSource(
      strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"})
  void writingAndOtherMethods_areRefused(String method) throws IOException {
    Raw r =
        raw(
            method
                + " /index.html HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port()
                + "\r\nContent-Length: 0\r\n");
    assertEquals(405, r.status(), method);
    assertEquals("GET, HEAD", r.headers().get("allow"));
    assertTrue(Files.exists(site.resolve("index.html")));
    assertServesIndex();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/../secret.txt",
        "/..",
        "/../",
        "/./index.html",
        "//secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/\\..\\secret.txt",
        "/index.html%00.txt",
        "/index.html/",
        "/index.html;/../secret.txt",
        "/.hidden.txt",
        "/sub/inner.txt",
        "/%2e/index.html",
        "/.%2e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%u002e%u002e/secret.txt",
        "http://127.0.0.1/../secret.txt",
        "*",
        // Unknown files and types, directories, links: 404, and no listing.
        "/nothing.html",
        "/index.php",
        "/sub",
        "/sub/",
        "/link.txt",
        "/ledger.jsonl.bak",
        "/favicon.ico"
      })
  void traversalInEveryEncoding_andUnknownPaths_areRefused(String target) throws IOException {
    Raw r = raw("GET", target);
    assertTrue(
        r.status() == 400 || r.status() == 404 || r.status() == -1, target + " -> " + r.status());
    assertFalse(r.body().contains(SECRET), target + " leaked the secret");
    assertFalse(r.body().contains("inner.txt"), "no directory listing");
    assertServesIndex();
  }

  @Test
  void veryLongUrls_areRefused_andTheServerLivesOn() throws IOException {
    Raw r = raw("GET", "/" + "a".repeat(PortalServer.MAX_TARGET + 10) + ".html");
    assertEquals(414, r.status());
    r = raw("GET", "/index.html?" + "q".repeat(PortalServer.MAX_TARGET));
    assertEquals(414, r.status());
    // Far beyond any limit: refused (414) or cut off by the server, never served.
    r = raw("GET", "/" + "%2e%2e/".repeat(150_000) + "secret.txt");
    assertTrue(r.status() == 414 || r.status() == 400 || r.status() == -1, "status " + r.status());
    assertFalse(r.body().contains(SECRET));
    assertServesIndex();
  }

  @Test
  void foreignHostHeader_isRefused() throws IOException {
    Raw r = raw("GET / HTTP/1.1\r\nHost: attacker.example\r\n");
    assertEquals(400, r.status());
    r = raw("GET / HTTP/1.1\r\n");
    assertTrue(r.status() == 400, "no Host: " + r.status());
    r = raw("GET / HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\n");
    assertEquals(200, r.status());
    // The absolute form names the host in the request line, and it overrides Host (RFC 9112,
    // 3.2.2): a foreign one is refused the same way.
    r = raw("GET", "http://attacker.example/index.html");
    assertEquals(400, r.status());
    r = raw("GET", "http://127.0.0.1:" + server.port() + "/index.html");
    assertEquals(200, r.status());
  }

  @Test
  void badArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> PortalServer.start(dir.resolve("none"), 0));
    assertThrows(IllegalArgumentException.class, () -> PortalServer.start(site, 70000));
    assertThrows(IllegalArgumentException.class, () -> PortalServer.start(null, 0));
  }

  // ---------------------------------------------------------------- slow and greedy clients

  /** Opens {@code n} connections that each send the start of a request and then nothing more. */
  private static List<Socket> slowClients(PortalServer target, int n) throws IOException {
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket("127.0.0.1", target.port());
      s.getOutputStream().write("GET /index.html HT".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      held.add(s);
    }
    return held;
  }

  /** A complete GET of the index on its own connection, or -1 if no answer in 10 seconds. */
  private static int getIndex(PortalServer target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", target.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                      + target.port()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(answer.split(" ")[1]);
    } catch (java.net.SocketTimeoutException e) {
      return -1;
    }
  }

  /**
   * Slowloris: a few connections that send half a request and then wait must not take the server
   * from everyone else (the JDK server reads a request on an executor thread and, by default,
   * without any deadline: 8 such connections blocked a pool of 8 threads for good).
   */
  @Test
  void slowClients_doNotBlockOthers() throws IOException {
    List<Socket> held = slowClients(server, 16);
    try {
      assertEquals(200, getIndex(server), "a reader behind 16 half-sent requests");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** More slow connections than threads: each is cut at the deadline, and others are served. */
  @Test
  void slowClients_areCutAtTheDeadline() throws IOException {
    try (PortalServer strict = PortalServer.start(site, 0, Duration.ofSeconds(1))) {
      List<Socket> held = slowClients(strict, PortalServer.THREADS + 8);
      try {
        assertEquals(200, getIndex(strict), "a reader behind more slow requests than threads");
        for (Socket s : held) {
          s.setSoTimeout(10_000);
          int read;
          try {
            read = s.getInputStream().read();
          } catch (SocketException e) {
            read = -1; // reset: cut as well
          }
          assertEquals(-1, read, "the server closed the slow connection");
        }
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  /**
   * Files are streamed, never read whole into memory: a ledger of more than 2 GiB (sparse here)
   * cannot be held in one Java array, and 200 readers of a large ledger must not need 200 copies.
   */
  @Test
  void largeFile_isStreamed() throws IOException {
    Path big = site.resolve("big.jsonl");
    long size = (1L << 31) + 4096;
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(size);
    }
    try {
      Raw head = raw("HEAD", "/big.jsonl");
      assertEquals(200, head.status());
      assertEquals(Long.toString(size), head.headers().get("content-length"));
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                ("GET /big.jsonl HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        byte[] start = s.getInputStream().readNBytes(4096);
        String text = new String(start, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 200 "), text);
        assertTrue(text.toLowerCase(Locale.ROOT).contains("content-length: " + size), text);
      }
    } finally {
      Files.delete(big);
    }
    assertServesIndex();
  }

  // ---------------------------------------------------------------- a crowd

  /**
   * 200 readers load the page at once, each fetching every file of it in turn over its own
   * connection, as a browser does; every response must be complete and correct.
   */
  @Test
  void twoHundredConcurrentPageLoads_allSucceed() throws Exception {
    Map<String, byte[]> expected = new LinkedHashMap<>();
    for (String p : PAGE) {
      expected.put(
          p, Files.readAllBytes(site.resolve(p.equals("/") ? "index.html" : p.substring(1))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20))
            .executor(pool)
            .build();
    try {
      List<CompletableFuture<Integer>> loads = new ArrayList<>();
      for (int reader = 0; reader < 200; reader++) {
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (String p : PAGE) {
          HttpRequest req =
              HttpRequest.newBuilder(URI.create(server.uri() + p.substring(1)))
                  .timeout(Duration.ofSeconds(60))
                  .build();
          chain =
              chain.thenCompose(
                  ok ->
                      client
                          .sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
                          .thenApply(
                              resp -> {
                                assertEquals(200, resp.statusCode(), p);
                                assertArrayEquals(expected.get(p), resp.body(), p);
                                return ok + 1;
                              }));
        }
        loads.add(chain);
      }
      int done = 0;
      for (CompletableFuture<Integer> load : loads) {
        done += load.get(120, TimeUnit.SECONDS);
      }
      assertEquals(200 * PAGE.size(), done);
    } finally {
      pool.shutdownNow();
    }
    assertServesIndex();
  }
}

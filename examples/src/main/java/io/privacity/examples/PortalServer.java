package io.privacity.examples;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A read-only web server for a rendered transparency portal ({@code TransparencyReport}), on
 * 127.0.0.1 only, built on the JDK's {@code HttpServer}.
 *
 * <p>What it serves, and what it refuses:
 *
 * <ul>
 *   <li>Only {@code GET} and {@code HEAD} (RFC 9110 requires both of a general-purpose server);
 *       anything else is refused with 405 and {@code Allow: GET, HEAD}.
 *   <li>Only regular files directly in the site directory whose names are one safe segment ({@code
 *       [A-Za-z0-9][A-Za-z0-9_-]*} plus extensions) with a known content type; {@code /} is {@code
 *       index.html}. A path with anything else ({@code ..}, a second {@code /}, a backslash, any
 *       percent-encoding, a dot file) is refused with 400 before it touches the file system, so no
 *       encoding trick reaches a file outside the directory; symbolic links are not followed. No
 *       directory listing: a missing file is 404.
 *   <li>Request targets longer than {@value #MAX_TARGET} characters get 414; a {@code Host} (or a
 *       host in an absolute-form request target) that is not this server's loopback address gets
 *       400 (no DNS rebinding).
 *   <li>One slow or stalled client cannot take the server from others: exchanges run on {@value
 *       #THREADS} threads, and an exchange that has not finished {@link #EXCHANGE_DEADLINE} after
 *       its first byte arrived is cut (its connection closed). Files are streamed, never read whole
 *       into memory, and opened without following symbolic links.
 *   <li>Every response carries {@code Content-Security-Policy: default-src 'self'} (and {@code
 *       frame-ancestors 'none'}), {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
 *       no-referrer}, {@code X-Frame-Options: DENY} and {@code Cache-Control: no-cache}; files are
 *       read at each request, so a re-rendered site is served at once.
 * </ul>
 */
public final class PortalServer implements AutoCloseable {
  /** The longest request target served. */
  static final int MAX_TARGET = 2048;

  /** Threads serving exchanges; more readers than this wait in line, never fail. */
  static final int THREADS = 32;

  /**
   * The longest an exchange may hold a thread, from the first byte of its request to the last of
   * its response. The JDK server reads a request on an executor thread with no deadline of its own,
   * so without this a few connections that send half a request would hold every thread for good.
   */
  static final Duration EXCHANGE_DEADLINE = Duration.ofSeconds(20);

  private static final Pattern SAFE_PATH =
      Pattern.compile("/(?:[A-Za-z0-9][A-Za-z0-9_-]{0,100}(?:\\.[A-Za-z0-9]{1,10}){0,3})?");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "jsonl", "application/x-ndjson; charset=utf-8",
          "txt", "text/plain; charset=utf-8",
          "pem", "text/plain; charset=utf-8");
  private static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none';"
              + " object-src 'none'",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          "X-Frame-Options",
          "DENY",
          "Cross-Origin-Opener-Policy",
          "same-origin",
          "Cross-Origin-Resource-Policy",
          "same-origin",
          "Cache-Control",
          "no-cache");

  private final Path root;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService watchdog;
  private final Duration deadline;

  private PortalServer(
      Path root,
      HttpServer server,
      ExecutorService executor,
      ScheduledExecutorService watchdog,
      Duration deadline) {
    this.root = root;
    this.server = server;
    this.executor = executor;
    this.watchdog = watchdog;
    this.deadline = deadline;
  }

  /**
   * Starts serving {@code site} on 127.0.0.1.
   *
   * @param site a directory rendered by {@code TransparencyReport}
   * @param port the port, or 0 for any free one
   * @return the running server; close it to stop
   * @throws IllegalArgumentException if {@code site} is not a directory or the port is out of range
   * @throws IOException if the port cannot be bound
   */
  public static PortalServer start(Path site, int port) throws IOException {
    return start(site, port, EXCHANGE_DEADLINE);
  }

  /** As {@link #start(Path, int)}, with the deadline of an exchange. */
  static PortalServer start(Path site, int port, Duration deadline) throws IOException {
    if (site == null || !Files.isDirectory(site)) {
      throw new IllegalArgumentException("site must be a directory, got " + site);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    HttpServer server = HttpServer.create(address, 256);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "portal-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    executor.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "portal-deadline");
              t.setDaemon(true);
              return t;
            });
    watchdog.setRemoveOnCancelPolicy(true);
    PortalServer portal = new PortalServer(site.toRealPath(), server, executor, watchdog, deadline);
    server.createContext("/", portal::handle);
    server.setExecutor(portal::execute);
    server.start();
    return portal;
  }

  /**
   * Runs one exchange (the JDK server's task: read the request, call {@link #handle}) on the pool,
   * interrupting it at the deadline. The connection is a blocking {@code SocketChannel}, an
   * interruptible channel: the interrupt closes it and ends the read or write at once.
   */
  private void execute(Runnable exchange) {
    executor.execute(
        () -> {
          Thread worker = Thread.currentThread();
          AtomicBoolean running = new AtomicBoolean(true);
          ScheduledFuture<?> alarm =
              watchdog.schedule(
                  () -> {
                    synchronized (running) {
                      if (running.get()) {
                        worker.interrupt();
                      }
                    }
                  },
                  deadline.toMillis(),
                  TimeUnit.MILLISECONDS);
          try {
            exchange.run();
          } finally {
            synchronized (running) {
              running.set(false);
            }
            alarm.cancel(false);
            // An interrupt that came after the exchange ended must not hit the next one.
            Thread.interrupted();
          }
        });
  }

  /**
   * The server's address, e.g. {@code http://127.0.0.1:8000/}.
   *
   * @return the base URI
   */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /**
   * The bound port.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Headers h = ex.getResponseHeaders();
      SECURITY_HEADERS.forEach(h::set);
      String method = ex.getRequestMethod();
      URI uri = ex.getRequestURI();
      String target = uri.getRawPath() == null ? "" : uri.getRawPath();
      String query = uri.getRawQuery();
      if (target.length() + (query == null ? 0 : query.length() + 1) > MAX_TARGET) {
        refuse(ex, 414, "URI Too Long");
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        h.set("Allow", "GET, HEAD");
        refuse(ex, 405, "Method Not Allowed");
        return;
      }
      String host = ex.getRequestHeaders().getFirst("Host");
      // A request target in absolute form names the host itself, overriding Host (RFC 9112).
      String authority = uri.getRawAuthority();
      if (!isThisServer(host) || (authority != null && !isThisServer(authority))) {
        refuse(ex, 400, "Bad Request");
        return;
      }
      if (!SAFE_PATH.matcher(target).matches()) {
        refuse(ex, 400, "Bad Request");
        return;
      }
      String name = target.equals("/") ? "index.html" : target.substring(1);
      String type = TYPES.get(extension(name));
      Path file = root.resolve(name);
      if (type == null
          || !file.getParent().equals(root)
          || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        refuse(ex, 404, "Not Found");
        return;
      }
      h.set("Content-Type", type);
      stream(ex, file);
    }
  }

  /**
   * Sends a file as it is read, never whole in memory (a ledger may be larger than any array),
   * opened without following a symbolic link that replaced it since the check.
   */
  private static void stream(HttpExchange ex, Path file) throws IOException {
    try (SeekableByteChannel in =
        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      long size = in.size();
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Content-Length", Long.toString(size));
        ex.sendResponseHeaders(200, -1);
        return;
      }
      ex.sendResponseHeaders(200, size == 0 ? -1 : size);
      if (size > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          Channels.newInputStream(in).transferTo(out);
        }
      }
    }
  }

  private boolean isThisServer(String host) {
    return host != null
        && (host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()));
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static void refuse(HttpExchange ex, int status, String reason) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    // -1 means "no body, Content-Length: 0"; 0 would mean chunked.
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops the server at once (no grace period: every response is a small file). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    watchdog.shutdownNow();
  }

  @Override
  public String toString() {
    return "PortalServer[" + uri() + " serving " + root + "]";
  }
}

package io.privacity.core.report;

import java.util.List;

/**
 * The portal's HTML: escaping and the page frame every page shares (landmarks, skip link,
 * navigation, the same-origin stylesheet and script; no inline script or style, so a strict
 * Content-Security-Policy {@code default-src 'self'} holds).
 */
final class Html {
  private Html() {}

  /** A navigation link; {@code current} marks the page being shown. */
  record Link(String href, String label, boolean current) {}

  /** Escapes text for element content and double-quoted attribute values. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          b.append("&amp;");
          break;
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '"':
          b.append("&quot;");
          break;
        case '\'':
          b.append("&#39;");
          break;
        default:
          // Control characters (other than tab and newline) have no business on the page.
          if (c < 0x20 && c != '\t' && c != '\n') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
      }
    }
    return b.toString();
  }

  /**
   * Opens a {@code section} labelled by its {@code h2}: {@code <section …><h2 id=…>heading</h2>}.
   */
  static String section(String id, String heading, String cssClass) {
    return "<section aria-labelledby=\""
        + id
        + "-heading\""
        + (cssClass == null ? "" : " class=\"" + cssClass + "\"")
        + ">\n<h2 id=\""
        + id
        + "-heading\">"
        + esc(heading)
        + "</h2>\n";
  }

  static String page(
      Messages m,
      String siteTitle,
      String pageTitle,
      List<Link> nav,
      String main,
      String footer,
      boolean script) {
    StringBuilder b = new StringBuilder(main.length() + 4096);
    b.append("<!DOCTYPE html>\n<html lang=\"")
        .append(esc(m.locale().toLanguageTag()))
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<title>")
        .append(esc(pageTitle))
        .append(" — ")
        .append(esc(siteTitle))
        .append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"portal.css\">\n")
        .append("<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n")
        .append(script ? "<script src=\"verify.js\" defer></script>\n" : "")
        .append("</head>\n<body>\n")
        .append("<a class=\"skip\" href=\"#main\">")
        .append(esc(m.get("skip")))
        .append("</a>\n<header class=\"banner\">\n<p class=\"site\">")
        .append(esc(siteTitle))
        .append("</p>\n<p class=\"kind\">")
        .append(esc(m.get("site.heading")))
        .append("</p>\n</header>\n<nav aria-label=\"")
        .append(esc(m.get("nav.label")))
        .append("\">\n<ul>\n");
    for (Link l : nav) {
      b.append("<li><a href=\"").append(esc(l.href())).append('"');
      if (l.current()) {
        b.append(" aria-current=\"page\"");
      }
      b.append('>').append(esc(l.label())).append("</a></li>\n");
    }
    b.append("</ul>\n</nav>\n<main id=\"main\" tabindex=\"-1\">\n")
        .append(main)
        .append("</main>\n<footer>\n<p>")
        .append(esc(footer))
        .append("</p>\n</footer>\n</body>\n</html>\n");
    return b.toString();
  }
}

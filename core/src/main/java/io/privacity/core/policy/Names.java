package io.privacity.core.policy;

import java.util.regex.Pattern;

/** Validation of the identifiers the policy package uses. */
final class Names {
  /** One lowercase token: letters and digits, joined by single '-', '.' or '_'. */
  static final Pattern TOKEN = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

  static final int MAX_LENGTH = 64;

  private Names() {}

  static String token(String name, String value, String example) {
    if (value == null) {
      throw new IllegalArgumentException(
          name + " must be a name like \"" + example + "\", got null");
    }
    if (value.length() > MAX_LENGTH || !TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name
              + " must be 1-"
              + MAX_LENGTH
              + " lowercase letters and digits, joined by single '-', '.' or '_' (e.g. \""
              + example
              + "\"), got \""
              + value
              + "\"");
    }
    return value;
  }

  /** A '/'-separated path of tokens, e.g. {@code parking/plates}. */
  static String path(String name, String value, String example) {
    if (value == null) {
      throw new IllegalArgumentException(
          name + " must be a path like \"" + example + "\", got null");
    }
    String[] segments = value.split("/", -1);
    for (String s : segments) {
      if (s.length() > MAX_LENGTH || !TOKEN.matcher(s).matches()) {
        throw new IllegalArgumentException(
            name
                + " must be '/'-separated segments of lowercase letters and digits joined by '-',"
                + " '.' or '_' (e.g. \""
                + example
                + "\"; no empty, '.' or '..' segments), got \""
                + value
                + "\"");
      }
    }
    return value;
  }
}

package io.privacity.core.policy;

/**
 * Why data is accessed, e.g. {@code Purpose.of("law-enforcement")} or {@code
 * Purpose.of("traffic-planning")}: the unit of purpose limitation (GDPR Art. 5(1)(b)). An immutable
 * value; two purposes with the same name are equal.
 */
public final class Purpose {
  private final String name;

  private Purpose(String name) {
    this.name = name;
  }

  /**
   * The purpose with this name.
   *
   * @param name 1-64 lowercase letters and digits joined by single {@code -}, {@code .} or {@code
   *     _}, e.g. {@code "law-enforcement"}
   * @return the purpose
   * @throws IllegalArgumentException if the name is null or malformed
   */
  public static Purpose of(String name) {
    return new Purpose(Names.token("purpose", name, "law-enforcement"));
  }

  /**
   * The purpose's name.
   *
   * @return the name given to {@link #of(String)}
   */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Purpose p && p.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}

package io.privacity.core.policy;

import io.privacity.core.internal.Checks;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who asks for access: an identifier (a staff number, a service account) and the roles the
 * organisation has given it. An immutable value. Authenticating the principal is the caller's job;
 * the policy decides only what an authenticated principal may do.
 */
public final class Principal {
  private final String id;
  private final Set<String> roles;

  private Principal(String id, Set<String> roles) {
    this.id = id;
    this.roles = roles;
  }

  /**
   * A principal with roles.
   *
   * @param id a non-blank identifier without control characters, e.g. {@code "officer-4711"}
   * @param roles role names (same form as a {@link Purpose} name, e.g. {@code "police-officer"});
   *     may be empty
   * @return the principal
   * @throws IllegalArgumentException if {@code id} is null, blank or has control characters, or
   *     {@code roles} is null or holds a null or malformed name
   */
  public static Principal of(String id, Set<String> roles) {
    Checks.nonBlank("id", id);
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "id must not contain control characters, got \"" + id.replace("\n", "\\n") + "\"");
    }
    Checks.notNull("roles", roles);
    TreeSet<String> copy = new TreeSet<>();
    for (String r : roles) {
      copy.add(Names.token("role", r, "police-officer"));
    }
    return new Principal(id, Collections.unmodifiableSortedSet(copy));
  }

  /**
   * A principal with roles.
   *
   * @param id a non-blank identifier
   * @param roles role names
   * @return the principal
   * @throws IllegalArgumentException as {@link #of(String, Set)}
   */
  public static Principal of(String id, String... roles) {
    Checks.notNull("roles", roles);
    // A LinkedHashSet keeps null elements, so of(String, Set) can name them in its message.
    return of(id, new LinkedHashSet<>(Arrays.asList(roles)));
  }

  /**
   * The identifier.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The roles, sorted.
   *
   * @return an immutable set
   */
  public Set<String> roles() {
    return roles;
  }

  /**
   * Whether the principal holds {@code role}.
   *
   * @param role a role name
   * @return true if held
   */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p && p.id.equals(id) && p.roles.equals(roles);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + roles.hashCode();
  }

  @Override
  public String toString() {
    return "Principal[" + id + ", roles=" + roles + "]";
  }
}

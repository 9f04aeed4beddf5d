package io.privacity.core.accounting;

import io.privacity.core.PrivacyException;
import io.privacity.core.PrivacyLoss;

/**
 * A charge was refused because it would take the privacy budget past its limit. Nothing was spent:
 * the accountant is exactly as it was before the refused charge.
 */
public final class PrivacyBudgetExceededException extends PrivacyException {
  private static final long serialVersionUID = 1L;

  /** The refused charge's label. */
  private final String label;

  private final transient PrivacyLoss requested;
  private final transient PrivacyLoss remaining;

  /**
   * Creates the exception.
   *
   * @param label the refused charge's label
   * @param requested the loss that was asked for
   * @param remaining what the budget had left
   */
  public PrivacyBudgetExceededException(
      String label, PrivacyLoss requested, PrivacyLoss remaining) {
    super(
        "privacy budget exceeded: charge \""
            + label
            + "\" asks for "
            + requested
            + " but only "
            + remaining
            + " remains; nothing was spent");
    this.label = label;
    this.requested = requested;
    this.remaining = remaining;
  }

  /**
   * The refused charge's label.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The loss that was asked for.
   *
   * @return the requested loss
   */
  public PrivacyLoss requested() {
    return requested;
  }

  /**
   * What the budget had left when the charge was refused.
   *
   * @return the remaining budget
   */
  public PrivacyLoss remaining() {
    return remaining;
  }
}

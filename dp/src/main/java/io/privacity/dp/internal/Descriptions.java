package io.privacity.dp.internal;

import io.privacity.core.PrivacyLoss;
import java.util.function.Supplier;

/**
 * Mechanism descriptions ({@link PrivacyLoss#laplace}, {@link PrivacyLoss#discreteGaussian}, …)
 * stating the guarantee a mechanism of this module was calibrated for, so that the Rényi and PLD
 * accountants compose the mechanism's real privacy curve while basic, advanced and zCDP accounting
 * still charge the calibrated guarantee.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class Descriptions {
  private Descriptions() {}

  /**
   * {@code description.calibratedTo(stated)}; the generic {@code stated} guarantee itself if the
   * description cannot be formed (a parameter outside what a description accepts, e.g. a
   * sensitivity above 2^53 lattice units) or its curve does not verifiably imply {@code stated}
   * within floating-point tolerance. Either way the charge is valid: a generic guarantee is
   * composed through its worst-case dominating pair, never below the mechanism's real curve.
   *
   * @param description builds the description (may throw {@link IllegalArgumentException})
   * @param stated the generic guarantee the mechanism was calibrated for
   * @return the loss to charge
   */
  public static PrivacyLoss calibrated(Supplier<PrivacyLoss> description, PrivacyLoss stated) {
    try {
      return description.get().calibratedTo(stated);
    } catch (IllegalArgumentException e) {
      return stated;
    }
  }
}

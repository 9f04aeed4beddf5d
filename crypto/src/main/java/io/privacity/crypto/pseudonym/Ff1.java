package io.privacity.crypto.pseudonym;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * FF1 (NIST SP 800-38G) with AES from Bouncy Castle, an optional dependency. The only class that
 * names Bouncy Castle types: {@link FormatPreservingPseudonymizer} itself loads and verifies
 * without the jar, so its factory can say which artifact is missing.
 */
final class Ff1 {
  private Ff1() {}

  static byte[] run(byte[] key, int radix, byte[] tweak, byte[] symbols, boolean encrypt) {
    FPEFF1Engine engine = new FPEFF1Engine(AESEngine.newInstance());
    engine.init(encrypt, new FPEParameters(new KeyParameter(key), radix, tweak));
    byte[] out = new byte[symbols.length];
    engine.processBlock(symbols, 0, symbols.length, out, 0);
    return out;
  }
}

package io.privacity.crypto.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import io.privacity.core.ledger.LedgerEventType;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.internal.Unchecked;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key-encryption keys held in a key management service, reached through any Tink {@link KmsClient}
 * (AWS KMS, Google Cloud KMS, HashiCorp Vault, …). Each key's id is its KMS key URI, e.g. {@code
 * aws-kms://arn:aws:kms:eu-west-1:…:key/…}.
 *
 * <p>The data key never leaves this process in the clear: it is sent to the KMS for wrapping as an
 * {@code Aead.encrypt} plaintext, with the envelope's header and encryption context as associated
 * data (unlike Tink's {@code KmsEnvelopeAead}, which wraps with empty associated data).
 *
 * <p>Rotation: {@link #rotateTo} makes a new URI current; envelopes wrapped under earlier URIs
 * still open. Keys of other URIs can be accepted for unwrapping with {@link #accept}. Thread-safe.
 */
public final class KmsKekProvider implements KeyEncryptionKeyProvider {
  private final KmsClient client;
  private final Map<String, Aead> aeads = new ConcurrentHashMap<>();
  private final List<String> history = new ArrayList<>();
  private volatile String currentUri;
  private volatile TransparencyLedger ledger;

  private KmsKekProvider(KmsClient client) {
    this.client = client;
  }

  /**
   * Creates a provider whose current key is {@code keyUri}.
   *
   * @param client the KMS client
   * @param keyUri the current key's URI, 1 to 255 UTF-8 bytes, supported by {@code client}
   * @return the provider
   * @throws IllegalStateException if the client cannot supply the key
   * @throws IllegalArgumentException if an argument is null or the URI is unsupported or too long
   */
  public static KmsKekProvider create(KmsClient client, String keyUri) {
    if (client == null) {
      throw new IllegalArgumentException("client must be non-null, got null");
    }
    KmsKekProvider p = new KmsKekProvider(client);
    p.rotateTo(keyUri);
    return p;
  }

  /**
   * Makes {@code keyUri} the current key; earlier keys remain accepted for unwrapping.
   *
   * @param keyUri the new key's URI, 1 to 255 UTF-8 bytes, supported by the client
   * @throws IllegalStateException if the client cannot supply the key
   * @throws IllegalArgumentException if the URI is null, unsupported or too long
   */
  public synchronized void rotateTo(String keyUri) {
    accept(keyUri);
    String previous = currentUri;
    currentUri = keyUri;
    TransparencyLedger l = ledger;
    if (l != null && previous != null && !previous.equals(keyUri)) {
      l.append(
          LedgerEventType.KEY_ROTATION,
          "rotated KMS key-encryption key: new envelopes use the new key, old ones still open",
          Map.of("previousKeyId", previous, "newKeyId", keyUri));
    }
  }

  /**
   * Records every later rotation in a transparency ledger as a {@link LedgerEventType#KEY_ROTATION}
   * event (key URIs only).
   *
   * @param ledger the ledger
   * @return this provider
   * @throws IllegalArgumentException if null
   */
  public synchronized KmsKekProvider recordRotationsIn(TransparencyLedger ledger) {
    if (ledger == null) {
      throw new IllegalArgumentException("ledger must be non-null, got null");
    }
    this.ledger = ledger;
    return this;
  }

  /**
   * Accepts a key for unwrapping without making it current.
   *
   * @param keyUri the key's URI, 1 to 255 UTF-8 bytes, supported by the client
   * @throws IllegalStateException if the client cannot supply the key
   * @throws IllegalArgumentException if the URI is null, unsupported or too long
   */
  public synchronized void accept(String keyUri) {
    checkUri(keyUri);
    if (!aeads.containsKey(keyUri)) {
      aeads.put(
          keyUri, Unchecked.call("KMS client cannot supply its key", () -> client.getAead(keyUri)));
      history.add(keyUri);
    }
  }

  /**
   * Returns the URIs accepted for unwrapping, in the order they were added.
   *
   * @return the key URIs
   */
  public synchronized List<String> keyIds() {
    return new ArrayList<>(history);
  }

  @Override
  public WrapScheme scheme() {
    return WrapScheme.AEAD;
  }

  @Override
  public WrappingKey current() {
    String id = currentUri;
    Aead aead = aeads.get(id);
    return new FixedWrappingKey(id, (dataKey, ad) -> aead.encrypt(dataKey, ad));
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException {
    Aead aead = keyId == null ? null : aeads.get(keyId);
    if (aead == null) {
      throw new UnknownKeyException("KMS key '" + keyId + "' is not accepted by this provider");
    }
    return aead.decrypt(wrapped, associatedData);
  }

  @Override
  public String toString() {
    return "KmsKekProvider{current=" + currentUri + "}";
  }

  private void checkUri(String keyUri) {
    if (keyUri == null || keyUri.isEmpty()) {
      throw new IllegalArgumentException("keyUri must be non-empty, got " + keyUri);
    }
    int n = keyUri.getBytes(StandardCharsets.UTF_8).length;
    if (n > 255) {
      throw new IllegalArgumentException("keyUri must be 1 to 255 UTF-8 bytes, got " + n);
    }
    if (!client.doesSupport(keyUri)) {
      throw new IllegalArgumentException(
          "keyUri must be supported by the KMS client, got '" + keyUri + "'");
    }
  }
}

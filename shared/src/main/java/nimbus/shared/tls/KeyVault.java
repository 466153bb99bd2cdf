package nimbus.shared.tls;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import nimbus.shared.Settings;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Seals the private keys of custom certificates with the stack's KMS key ({@code NIMBUS_CERTIFICATE_KEY}: its alias),
 * bound to their zone by the encryption context {@code {"nimbus:zone": <zone id>}}: a ciphertext copied to another
 * zone does not decrypt there. The functions that seal hold {@code kms:Encrypt} only; no function of this stack can
 * decrypt (the edge that will serve the certificate, or its import into ACM, is what will hold
 * {@code kms:Decrypt}). KMS encrypts up to 4096 bytes directly ({@link Certificates#MAX_KEY_BYTES}). The client is
 * made on first use, so functions that never seal do not pay for it.
 */
@Singleton
public class KeyVault {
    /** The encryption context's key: the ciphertext is bound to the zone named by its value. */
    public static final String CONTEXT_ZONE = "nimbus:zone";

    private final Provider<KmsClient> kms;

    public KeyVault(Provider<KmsClient> kms) {
        this.kms = kms;
    }

    /** The KMS ciphertext of {@code plaintext}, bound to {@code zoneId}. */
    public byte[] seal(byte[] plaintext, String zoneId) {
        String keyId = Settings.required("NIMBUS_CERTIFICATE_KEY");
        return kms.get()
                .encrypt(e -> e.keyId(keyId)
                        .plaintext(SdkBytes.fromByteArray(plaintext))
                        .encryptionContext(Map.of(CONTEXT_ZONE, zoneId)))
                .ciphertextBlob()
                .asByteArray();
    }
}

package nimbus.local.kit;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Keys and certificates made at test time with BouncyCastle (no private key is ever committed): RSA or EC key pairs,
 * self-signed or issued certificates with any validity, and their PEM forms (PKCS #8, or the traditional PKCS #1 /
 * SEC 1 forms).
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {}

    public enum Algorithm {
        RSA,
        EC
    }

    /** A certificate and the key pair it certifies. */
    public record Issued(KeyPair keys, X509Certificate cert) {
        public String certPem() {
            return pem(cert);
        }

        /** {@code BEGIN PRIVATE KEY}. */
        public String pkcs8Pem() {
            return pkcs8(keys.getPrivate());
        }

        /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}. */
        public String traditionalPem() {
            return traditional(keys);
        }
    }

    public static KeyPair keys(Algorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.name());
            if (algorithm == Algorithm.RSA) generator.initialize(2048);
            else generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate valid from a day before {@code now} to 90 days after. */
    public static Issued selfSigned(Algorithm algorithm, String name, Instant now) {
        KeyPair keys = keys(algorithm);
        return issue(keys, name, null, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), true);
    }

    /**
     * A certificate of {@code keys} for {@code name}, valid from {@code notBefore} to {@code notAfter}, signed by
     * {@code issuer} (null: self-signed); {@code ca} makes it a CA certificate.
     */
    public static Issued issue(
            KeyPair keys, String name, Issued issuer, Instant notBefore, Instant notAfter, boolean ca) {
        try {
            X500Name subject = new X500Name("CN=" + name);
            X500Name issuerName = issuer == null
                    ? subject
                    : X500Name.getInstance(
                            issuer.cert().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey =
                    issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            String signature = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(signingKey)));
            return new Issued(keys, cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM of {@code certs}, one after the other. */
    public static String pem(X509Certificate... certs) {
        return write((Object[]) certs);
    }

    public static String pkcs8(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code BEGIN RSA PRIVATE KEY} (PKCS #1), or {@code BEGIN EC PRIVATE KEY} (SEC 1) with the curve and the public
     * key inside, as OpenSSL writes it.
     */
    public static String traditional(KeyPair keys) {
        if (!(keys.getPrivate() instanceof ECPrivateKey ec)) return write(keys);
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(),
                    ec.getS(),
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                            .getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters());
            return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof JcaPKCS8Generator generator) writer.writeObject(generator);
                else writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}

package nimbus.shared.tls;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.InvalidInput.Detail;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * A zone's custom TLS certificate: a PEM certificate (optionally followed by its intermediates, each signed by the
 * one after it) and the PEM private key that belongs to it, as PKCS #8 ({@code BEGIN PRIVATE KEY}), PKCS #1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC 1 ({@code BEGIN EC PRIVATE KEY}, an {@code EC PARAMETERS} block before it
 * allowed), RSA or EC, unencrypted. BouncyCastle reads the PEM and ASN.1 (no hand-written parser); the keys and
 * certificates themselves are the JDK's. A refusal is {@link InvalidInput} naming the field ({@code keyField} or
 * {@code certField}): unreadable is {@code MALFORMED}, the rest {@code NOT_ALLOWED} with a {@link Detail}.
 */
public final class Certificates {
    /**
     * KMS encrypts at most 4096 bytes directly: an RSA key of 4096 bits (about 2.4 KB of PKCS #8) fits, one of
     * 8192 does not.
     */
    public static final int MAX_KEY_BYTES = 4096;

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----[A-Za-z0-9+/=\\s:,-]*?-----END \\1-----");

    private Certificates() {}

    /** The checked pair: the chain as given (trimmed) and the key re-encoded as PKCS #8 DER. */
    public record Checked(String chainPem, List<X509Certificate> chain, byte[] privateKeyPkcs8) {}

    /**
     * Reads and checks a key and certificate chain: the key must be the first certificate's, that certificate valid
     * at {@code now} (not before its notBefore, not after its notAfter), and each certificate signed by the next.
     */
    public static Checked check(String keyField, String keyPem, String certField, String chainPem, Instant now) {
        PrivateKey key = readKey(keyField, keyPem);
        List<X509Certificate> chain = readChain(certField, chainPem);
        X509Certificate leaf = chain.get(0);
        if (!matches(key, leaf.getPublicKey())) throw InvalidInput.rejected(keyField, Detail.KEY_MISMATCH, 0);
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateNotYetValidException e) {
            throw InvalidInput.rejected(certField, Detail.NOT_YET_VALID, 0);
        } catch (CertificateExpiredException e) {
            throw InvalidInput.rejected(certField, Detail.EXPIRED, 0);
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()))
                throw InvalidInput.rejected(certField, Detail.BROKEN_CHAIN, 0);
            try {
                cert.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw InvalidInput.rejected(certField, Detail.BROKEN_CHAIN, 0);
            }
        }
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null || pkcs8.length > MAX_KEY_BYTES)
            throw InvalidInput.rejected(keyField, Detail.KEY_TOO_LARGE, MAX_KEY_BYTES);
        return new Checked(chainPem.strip(), List.copyOf(chain), pkcs8);
    }

    /** Whether {@code value} is one readable RSA or EC private key in one of the PEM forms above. */
    public static boolean isPrivateKey(String value) {
        try {
            readKey("key", value);
            return true;
        } catch (InvalidInput e) {
            return false;
        }
    }

    /** Whether {@code value} is nothing but PEM certificates, at least one. */
    public static boolean areCertificates(String value) {
        try {
            readChain("certificate", value);
            return true;
        } catch (InvalidInput e) {
            return false;
        }
    }

    /** The one private key of {@code pem} (an {@code EC PARAMETERS} block may come first); nothing else around. */
    public static PrivateKey readKey(String field, String pem) {
        List<Object> objects = pemObjects(field, pem);
        List<Object> keys = objects.stream()
                .filter(o -> !(o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters))
                .toList();
        if (keys.size() != 1) throw InvalidInput.malformed(field);
        PrivateKeyInfo info;
        if (keys.get(0) instanceof PEMKeyPair pair) info = pair.getPrivateKeyInfo();
        else if (keys.get(0) instanceof PrivateKeyInfo plain) info = plain;
        else throw InvalidInput.malformed(field); // encrypted keys, public keys, certificates...
        if (info == null) throw InvalidInput.malformed(field);
        info = withCurve(info);
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String name;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) name = "RSA";
        else if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) name = "EC";
        else throw InvalidInput.malformed(field);
        try {
            PrivateKey key = KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            if (key instanceof RSAPrivateCrtKey || key instanceof ECPrivateKey) return key;
        } catch (GeneralSecurityException | IOException | RuntimeException unreadable) {
            // falls through: not a key we can use
        }
        throw InvalidInput.malformed(field);
    }

    /**
     * An EC key whose curve is named only inside its SEC 1 structure (the algorithm identifier has none), as the JDK
     * cannot read it, with the curve moved into the algorithm identifier; any other key as it is.
     */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info) {
        AlgorithmIdentifier id = info.getPrivateKeyAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(id.getAlgorithm())
                || (id.getParameters() != null && !(id.getParameters() instanceof ASN1Null))) return info;
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            ASN1Object curve = sec1.getParametersObject();
            if (curve == null) return info;
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
        } catch (IOException | RuntimeException unreadable) {
            return info;
        }
    }

    /** The certificates of {@code pem}, in order: nothing but certificates, at least one. */
    public static List<X509Certificate> readChain(String field, String pem) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : pemObjects(field, pem)) {
            if (!(o instanceof X509CertificateHolder holder)) throw InvalidInput.malformed(field);
            try {
                chain.add(converter.getCertificate(holder));
            } catch (CertificateException | RuntimeException e) {
                throw InvalidInput.malformed(field);
            }
        }
        if (chain.isEmpty()) throw InvalidInput.malformed(field);
        return chain;
    }

    /** Every PEM object of {@code pem}, which must be PEM blocks and white space only. */
    private static List<Object> pemObjects(String field, String pem) {
        if (pem == null || pem.isBlank()) throw InvalidInput.malformed(field);
        Matcher m = PEM_BLOCK.matcher(pem);
        int end = 0;
        int blocks = 0;
        while (m.find()) {
            if (!pem.substring(end, m.start()).isBlank()) throw InvalidInput.malformed(field);
            end = m.end();
            blocks++;
        }
        if (blocks == 0 || !pem.substring(end).isBlank()) throw InvalidInput.malformed(field);
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) objects.add(o);
        } catch (IOException | RuntimeException unreadable) {
            throw InvalidInput.malformed(field);
        }
        if (objects.size() != blocks) throw InvalidInput.malformed(field);
        return objects;
    }

    /** Whether the private key's public half is {@code certificateKey}: same algorithm, same numbers. */
    static boolean matches(PrivateKey key, PublicKey certificateKey) {
        if (key instanceof RSAPrivateCrtKey rsa && certificateKey instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus())
                    && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
        if (key instanceof ECPrivateKey ec && certificateKey instanceof ECPublicKey pub) {
            X9ECParameters curve = curveOf(ec);
            if (curve == null || !curve.getN().equals(pub.getParams().getOrder())) return false;
            ECPoint q = new FixedPointCombMultiplier()
                    .multiply(curve.getG(), ec.getS().mod(curve.getN()))
                    .normalize();
            BigInteger x = q.getAffineXCoord().toBigInteger();
            BigInteger y = q.getAffineYCoord().toBigInteger();
            return x.equals(pub.getW().getAffineX()) && y.equals(pub.getW().getAffineY());
        }
        return false;
    }

    /** The curve of an EC private key, from its PKCS #8 encoding (a named curve or explicit parameters). */
    private static X9ECParameters curveOf(ECPrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            X962Parameters params =
                    X962Parameters.getInstance(info.getPrivateKeyAlgorithm().getParameters());
            if (params.isNamedCurve())
                return ECNamedCurveTable.getByOID(ASN1ObjectIdentifier.getInstance(params.getParameters()));
            if (params.isImplicitlyCA()) return null;
            return X9ECParameters.getInstance(params.getParameters());
        } catch (RuntimeException e) {
            return null;
        }
    }
}

package dev.slotstream.deploy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A throwaway certificate authority for tests: EC P-256 keys, certificates signed with
 * SHA256withECDSA, built from Bouncy Castle's ASN.1 classes (bcprov, which web3j brings; its
 * certificate builders are in bcpkix, which the build does not have).
 */
final class TestPki {

  /** A key and its certificate, signed by the CA (the CA's own is self-signed). */
  record Identity(KeyPair keys, X509Certificate certificate) {

    String certificatePem() {
      try {
        return pem("CERTIFICATE", certificate.getEncoded());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The private key as unencrypted PKCS#8 PEM (as Strimzi's user.key). */
    String keyPem() {
      return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** A PKCS12 key store with this identity's key and its chain up to the CA. */
    byte[] pkcs12(char[] password, X509Certificate ca) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
            "key",
            keys.getPrivate(),
            password,
            new java.security.cert.Certificate[] {certificate, ca});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final AlgorithmIdentifier ECDSA_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  private final AtomicLong serial = new AtomicLong(1);
  private final String caName;
  private final Identity ca;

  TestPki(String caName) {
    KeyPair keys = keyPair();
    this.caName = caName;
    this.ca = new Identity(keys, sign(caName, keys, caName, keys, true, List.of()));
  }

  Identity ca() {
    return ca;
  }

  /** A leaf certificate with subject CN={@code cn} and the given DNS / IP subject alternative names. */
  Identity issue(String cn, List<String> dnsNames, List<String> ipAddresses) {
    KeyPair keys = keyPair();
    List<GeneralName> names = new java.util.ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
    return new Identity(keys, sign(cn, keys, caName, ca.keys(), false, names));
  }

  private X509Certificate sign(
      String cn,
      KeyPair subject,
      String issuerCn,
      KeyPair issuer,
      boolean isCa,
      List<GeneralName> names) {
    try {
      Instant now = Instant.now();
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(serial.getAndIncrement())));
      tbs.setSignature(ECDSA_SHA256);
      tbs.setIssuer(new X500Name("CN=" + issuerCn));
      tbs.setSubject(new X500Name("CN=" + cn));
      tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
      tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(1)))));
      tbs.setSubjectPublicKeyInfo(
          SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded()));
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (!names.isEmpty()) {
        extensions.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      tbs.setExtensions(extensions.generate());
      TBSCertificate certificate = tbs.generateTBSCertificate();
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(issuer.getPrivate());
      signature.update(certificate.getEncoded(ASN1Encoding.DER));
      Certificate signed =
          Certificate.getInstance(
              new DERSequence(
                  new ASN1Encodable[] {
                    certificate, ECDSA_SHA256, new DERBitString(signature.sign())
                  }));
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(signed.getEncoded(ASN1Encoding.DER)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}

package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator hands its workers to trust an https:// coordinator ({@link CoordinatorCa}). */
class CoordinatorCaTest {
  @TempDir Path dir;

  private static List<? extends Certificate> certificates(String pem) throws Exception {
    return List.copyOf(
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
  }

  private static List<? extends Certificate> certificates(Path file) throws Exception {
    return certificates(Files.readString(file));
  }

  @Test
  void bySelfSignedCertificateWorkersTrustItAndNeverSeeTheKey() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);

    String pem = certificate.tls().workerCa();

    assertThat(certificates(pem)).isEqualTo(certificates(certificate.certificateFile()));
    assertThat(pem).doesNotContain("PRIVATE KEY");
  }

  @Test
  void byDefaultTheLastCertificateOfTheChainIsTrusted() throws Exception {
    SelfSignedCertificate leaf =
        SelfSignedCertificate.create(Files.createDirectory(dir.resolve("a")));
    SelfSignedCertificate top =
        SelfSignedCertificate.create(Files.createDirectory(dir.resolve("b")));
    Path chain = dir.resolve("chain.crt");
    Files.writeString(
        chain, Files.readString(leaf.certificateFile()) + Files.readString(top.certificateFile()));

    String pem = new CoordinatorTls(chain, leaf.keyFile()).workerCa();

    assertThat(certificates(pem)).isEqualTo(certificates(top.certificateFile()));
  }

  @Test
  void aCaFileOfItsOwnIsTrustedInsteadAndTextAroundThePemIsLeftOut() throws Exception {
    SelfSignedCertificate served =
        SelfSignedCertificate.create(Files.createDirectory(dir.resolve("a")));
    SelfSignedCertificate ca =
        SelfSignedCertificate.create(Files.createDirectory(dir.resolve("b")));
    Path caFile = dir.resolve("ca.crt");
    Files.writeString(
        caFile, "Bag Attributes\n    friendlyName: ca\n" + Files.readString(ca.certificateFile()));

    String pem =
        new CoordinatorTls(served.certificateFile(), served.keyFile(), Optional.of(caFile))
            .workerCa();

    assertThat(certificates(pem)).isEqualTo(certificates(ca.certificateFile()));
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").doesNotContain("friendlyName");
  }

  @Test
  void aCaTooLargeForAWorkersEnvironmentIsAnErrorNamingTheFlagAndTheLimit() throws Exception {
    StringBuilder bundle = new StringBuilder();
    for (int i = 0; i < 5; i++) { // some 1,100 characters each (RSA 2048)
      SelfSignedCertificate one =
          SelfSignedCertificate.create(Files.createDirectory(dir.resolve("c" + i)));
      bundle.append(Files.readString(one.certificateFile()));
    }
    Path caFile = dir.resolve("bundle.crt");
    Files.writeString(caFile, bundle);
    SelfSignedCertificate served = SelfSignedCertificate.create(dir);

    assertThatThrownBy(
            () ->
                new CoordinatorTls(served.certificateFile(), served.keyFile(), Optional.of(caFile))
                    .workerCa())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(
            "--coordinator-ca-file", caFile.toString(), "4096", "8,192", "ACM_COORDINATOR_CA_FILE");
  }

  @Test
  void aCaFileThatHoldsNoCertificateIsAnErrorNamingTheFlag() throws Exception {
    SelfSignedCertificate served = SelfSignedCertificate.create(dir);
    Path missing = dir.resolve("no-such-ca.crt");

    assertThatThrownBy(
            () ->
                new CoordinatorTls(served.certificateFile(), served.keyFile(), Optional.of(missing))
                    .workerCa())
        .hasMessageContainingAll("--coordinator-ca-file", "no-such-ca.crt");
    assertThatThrownBy(
            () ->
                new CoordinatorTls(
                        served.certificateFile(), served.keyFile(), Optional.of(served.keyFile()))
                    .workerCa())
        .hasMessageContainingAll("--coordinator-ca-file", "tls.key");
  }
}

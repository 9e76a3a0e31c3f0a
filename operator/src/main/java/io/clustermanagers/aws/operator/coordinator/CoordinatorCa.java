package io.clustermanagers.aws.operator.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What the operator hands every worker it launches so that it trusts an {@code https://}
 * coordinator: the certificates of {@value #FLAG} (a private CA), or else the last certificate of
 * the coordinator's own chain (a self-signed certificate, or the top of the chain the coordinator
 * sends). Read once at startup and written again as bare PEM (without the text some tools put
 * around it).
 *
 * <p>Bounded to {@value #MAX_PEM_CHARS} characters: it travels in every worker's environment, and
 * ECS allows 8,192 characters for all of a RunTask's overrides (JSON included: a PEM newline costs
 * two), Batch 30 KiB for a whole SubmitJob. Two 4096-bit RSA certificates fit; a CA bundle with the
 * public roots does not, and belongs in the worker's image ({@code ACM_COORDINATOR_CA_FILE}).
 */
public final class CoordinatorCa {
  /** The flag that names a CA file of its own. */
  public static final String FLAG = "--coordinator-ca-file";

  /** The most PEM characters handed to workers. */
  public static final int MAX_PEM_CHARS = 4096;

  private CoordinatorCa() {}

  /**
   * The PEM text workers trust.
   *
   * @throws IllegalArgumentException naming the file and the flag when it cannot be read, holds no
   *     certificate or is too large
   */
  static String forWorkers(Path certificateChain, Optional<Path> caFile) {
    if (caFile.isPresent()) {
      return bounded(pem(read(caFile.get(), FLAG)), FLAG + " " + caFile.get());
    }
    List<Certificate> chain = read(certificateChain, "--coordinator-tls-cert-file");
    return bounded(
        pem(List.of(chain.get(chain.size() - 1))),
        "the last certificate of --coordinator-tls-cert-file " + certificateChain);
  }

  private static List<Certificate> read(Path file, String flag) {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> certificates =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(
            flag + ": " + file + " holds no PEM certificate (BEGIN CERTIFICATE)");
      }
      return certificates;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          flag + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          flag + ": " + file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  private static String pem(List<Certificate> certificates) {
    Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
    StringBuilder pem = new StringBuilder();
    for (Certificate certificate : certificates) {
      try {
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(base64.encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("cannot encode a certificate: " + e.getMessage(), e);
      }
    }
    return pem.toString();
  }

  private static String bounded(String pem, String source) {
    if (pem.length() > MAX_PEM_CHARS) {
      throw new IllegalArgumentException(
          "the CA handed to workers ("
              + source
              + ") is "
              + pem.length()
              + " PEM characters, more than the "
              + MAX_PEM_CHARS
              + " that fit a worker's environment (ECS allows 8,192 characters for all of a"
              + " RunTask's overrides): give "
              + FLAG
              + " (ACM_COORDINATOR_TLS_CA_FILE) a file with only the CA that signed the"
              + " coordinator's certificate, or put the bundle in the worker image and set"
              + " ACM_COORDINATOR_CA_FILE in spec.template.env");
    }
    return pem;
  }
}

package io.clustermanagers.aws.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates the agent trusts for an {@code https://} coordinator: the PEM bundle in the
 * file {@code ACM_COORDINATOR_CA_FILE}, or the PEM text of {@code ACM_COORDINATOR_CA} (CA
 * certificates are public: they may travel in a job's environment); with neither, the JVM's default
 * trust store. A bundle given replaces the default trust store, as {@code curl --cacert} does.
 */
final class CoordinatorTrust {
  static final String CA_FILE = "ACM_COORDINATOR_CA_FILE";
  static final String CA_PEM = "ACM_COORDINATOR_CA";

  private CoordinatorTrust() {}

  /**
   * The TLS context for the coordinator, or empty for the JVM's default.
   *
   * @throws InvalidConfigException naming the variable when it holds no usable certificate
   */
  static Optional<SSLContext> fromEnvironment(EnvironmentVariables env) {
    Optional<String> file = env.optional(CA_FILE);
    Optional<String> pem = env.optional(CA_PEM);
    if (file.isPresent() && pem.isPresent()) {
      throw new InvalidConfigException(CA_FILE + " and " + CA_PEM + ": set one, not both");
    }
    if (file.isPresent()) {
      return Optional.of(context(CA_FILE + " (" + file.get() + ")", readFile(file.get())));
    }
    return pem.map(text -> context(CA_PEM, text.getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] readFile(String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new InvalidConfigException(
          CA_FILE + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static SSLContext context(String source, byte[] pem) {
    try (InputStream in = new ByteArrayInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new InvalidConfigException(source + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("coordinator-ca-" + index++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidConfigException(
          source + " holds no usable PEM certificate: " + e.getMessage());
    }
  }
}

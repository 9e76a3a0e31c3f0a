package io.clustermanagers.aws.operator.coordinator;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The coordinator's TLS identity, read from PEM files once when the server starts (a Kubernetes TLS
 * Secret mounted as files gives {@code tls.crt} and {@code tls.key}).
 *
 * @param certificateChain the server certificate first, then its intermediates (PEM)
 * @param privateKey its private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}; with
 *     cert-manager, {@code privateKey.encoding: PKCS8})
 * @param workerCaFile the CA workers are told to trust ({@code --coordinator-ca-file}, e.g. {@code
 *     ca.crt} of the Secret); empty: the chain's last certificate ({@link CoordinatorCa})
 */
public record CoordinatorTls(Path certificateChain, Path privateKey, Optional<Path> workerCaFile) {

  public CoordinatorTls {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(workerCaFile, "workerCaFile");
  }

  /** Workers trust the chain's last certificate (self-signed, or the top of the chain). */
  public CoordinatorTls(Path certificateChain, Path privateKey) {
    this(certificateChain, privateKey, Optional.empty());
  }

  /**
   * The PEM certificates every worker is given as {@code ACM_COORDINATOR_CA}; never the key.
   *
   * @throws IllegalArgumentException naming the file and the flag when they cannot be used
   */
  public String workerCa() {
    return CoordinatorCa.forWorkers(certificateChain, workerCaFile);
  }

  /**
   * @throws IllegalArgumentException naming the file when a file is missing or not what it should
   *     be
   */
  SslContext serverContext() {
    requireReadable("certificate", certificateChain);
    requireReadable("private key", privateKey);
    try {
      return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
          .sslProvider(SslProvider.JDK)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use the coordinator's TLS certificate "
              + certificateChain
              + " with the key "
              + privateKey
              + " (PEM certificate chain, unencrypted PKCS#8 PEM key expected): "
              + e.getMessage(),
          e);
    }
  }

  private static void requireReadable(String what, Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "the coordinator's TLS " + what + " file " + file + " does not exist or is not readable");
    }
  }
}

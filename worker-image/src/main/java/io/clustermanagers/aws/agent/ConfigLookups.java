package io.clustermanagers.aws.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@link AgentConfig} may look up beyond the environment map, injected so that the config can
 * be built in tests without files, network or a real host.
 *
 * @param ecsTaskMetadata reads the JSON at a URL (the ECS task metadata endpoint + "/task")
 * @param fileReader reads a file's text (the token file)
 * @param localHost this host's name and address
 * @param secretReader reads a Secrets Manager secret's string by ARN (the token's secret)
 */
public record ConfigLookups(
    Function<String, String> ecsTaskMetadata,
    Function<Path, String> fileReader,
    Supplier<LocalHost> localHost,
    Function<String, String> secretReader) {

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The real lookups: HTTP for ECS metadata, the file system, the operating system, Secrets
   * Manager.
   */
  public static ConfigLookups system(HttpClient http) {
    return new ConfigLookups(
        url -> get(http, url),
        ConfigLookups::readFile,
        LocalHost::detect,
        SecretsManagerLookup::read);
  }

  private static String get(HttpClient http, String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(METADATA_TIMEOUT).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("answered HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String readFile(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

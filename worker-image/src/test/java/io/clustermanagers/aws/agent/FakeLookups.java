package io.clustermanagers.aws.agent;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lookups for {@link AgentConfig} tests: files, ECS metadata and the host, all in memory. */
final class FakeLookups {

  private final Map<Path, String> files = new HashMap<>();
  private final Map<String, String> ecsMetadata = new HashMap<>();
  private final List<String> ecsReads = new ArrayList<>();
  private final Map<String, String> secrets = new HashMap<>();
  private LocalHost host = new LocalHost("host-1", "192.168.7.7");
  private RuntimeException hostFailure;

  /** A Secrets Manager secret's string; reading any other ARN fails as AccessDenied would. */
  FakeLookups secret(String arn, String value) {
    secrets.put(arn, value);
    return this;
  }

  FakeLookups file(String path, String content) {
    files.put(Path.of(path), content);
    return this;
  }

  FakeLookups ecsMetadata(String url, String json) {
    ecsMetadata.put(url, json);
    return this;
  }

  FakeLookups host(String name, String address) {
    host = new LocalHost(name, address);
    return this;
  }

  FakeLookups hostUnknown() {
    hostFailure = new IllegalStateException("no host name");
    return this;
  }

  /** The URLs of the ECS metadata reads, in order. */
  List<String> ecsReads() {
    return List.copyOf(ecsReads);
  }

  ConfigLookups build() {
    return new ConfigLookups(this::readEcs, this::readFile, this::localHost, this::readSecret);
  }

  private String readSecret(String arn) {
    String value = secrets.get(arn);
    if (value == null) {
      throw new IllegalStateException("AccessDeniedException");
    }
    return value;
  }

  private String readEcs(String url) {
    ecsReads.add(url);
    String json = ecsMetadata.get(url);
    if (json == null) {
      throw new UncheckedIOException(new java.net.ConnectException("connection refused"));
    }
    return json;
  }

  private String readFile(Path path) {
    String content = files.get(path);
    if (content == null) {
      throw new UncheckedIOException(new NoSuchFileException(path.toString()));
    }
    return content;
  }

  private LocalHost localHost() {
    if (hostFailure != null) {
      throw hostFailure;
    }
    return host;
  }
}

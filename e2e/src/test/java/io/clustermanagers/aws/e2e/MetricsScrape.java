package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a real /metrics scrape taken during an integration run in target/, so that the dashboard
 * and alert checks compare their metric names with what the operator really serves.
 */
final class MetricsScrape {
  static final Path FILE = Path.of("target", "metrics-scrape.txt");

  private MetricsScrape() {}

  static void save(String scrape) {
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, scrape);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

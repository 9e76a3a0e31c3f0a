package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's status writes to AwsClusters between two offsets of the API server's audit log,
 * each with its cluster and the time the server received it: how many per cluster, and the most one
 * cluster got in any one second (buckets of whole seconds of the server's clock).
 */
final class StatusWriteTimeline {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One write: the cluster's name and when the server received it. */
  record Write(String cluster, Instant received) {}

  private final List<Write> writes;

  private StatusWriteTimeline(List<Write> writes) {
    this.writes = writes;
  }

  static StatusWriteTimeline read(Path audit, long from, long to, String user) throws IOException {
    byte[] bytes = new byte[(int) (to - from)];
    try (RandomAccessFile in = new RandomAccessFile(audit.toFile(), "r")) {
      in.seek(from);
      in.readFully(bytes);
    }
    List<Write> writes = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event = JSON.readTree(line);
      JsonNode ref = event.path("objectRef");
      if (event.path("stage").asText().equals("ResponseComplete")
          && user.equals(event.path("user").path("username").asText())
          && Set.of("update", "patch").contains(event.path("verb").asText())
          && ref.path("resource").asText().equals("awsclusters")
          && ref.path("subresource").asText().equals("status")) {
        writes.add(
            new Write(
                ref.path("name").asText(),
                Instant.parse(event.path("requestReceivedTimestamp").asText())));
      }
    }
    return new StatusWriteTimeline(writes);
  }

  /** Writes to the clusters in {@code clusters}. */
  long count(Set<String> clusters) {
    return writes.stream().filter(w -> clusters.contains(w.cluster())).count();
  }

  /** Writes to clusters not in {@code clusters}. */
  long countOthers(Set<String> clusters) {
    return writes.size() - count(clusters);
  }

  /** The most writes one cluster got within one second of the server's clock. */
  int maxPerClusterSecond() {
    Map<String, Integer> buckets = new HashMap<>();
    for (Write w : writes) {
      buckets.merge(w.cluster() + "@" + w.received().getEpochSecond(), 1, Integer::sum);
    }
    return buckets.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The most writes one cluster got in the whole window. */
  int maxPerCluster() {
    Map<String, Integer> counts = new HashMap<>();
    writes.forEach(w -> counts.merge(w.cluster(), 1, Integer::sum));
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}

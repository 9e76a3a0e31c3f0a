package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.EventSink;
import io.clustermanagers.aws.operator.core.PlanNote;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records notes as core/v1 Events on the AwsCluster, skipping a repeat of the same reason and
 * message within a quiet period so a flapping cause does not flood the API.
 */
public final class KubernetesEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);
  private static final String COMPONENT = "aws-cluster-operator";
  private final KubernetesClient client;
  private final Clock clock;
  private final Duration quietPeriod;
  private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

  public KubernetesEventSink(KubernetesClient client, Clock clock, Duration quietPeriod) {
    this.client = client;
    this.clock = clock;
    this.quietPeriod = quietPeriod;
  }

  @Override
  public void emit(AwsCluster cluster, PlanNote note) {
    Instant now = clock.instant();
    String key = cluster.getMetadata().getUid() + "|" + note.reason() + "|" + note.message();
    Instant previous = lastSent.get(key);
    if (previous != null && previous.plus(quietPeriod).isAfter(now)) {
      return;
    }
    // Keys carry worker ids: drop the ones past their quiet period so the map stays small.
    lastSent.values().removeIf(sent -> !sent.plus(quietPeriod).isAfter(now));
    lastSent.put(key, now);
    if (note.warning()) {
      LOG.warn("{}: {}", note.reason(), note.message());
    } else {
      LOG.info("{}: {}", note.reason(), note.message());
    }
    try {
      client
          .v1()
          .events()
          .inNamespace(cluster.getMetadata().getNamespace())
          .resource(event(cluster, note, now))
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {}: {}", note.reason(), e.getMessage());
    }
  }

  private static io.fabric8.kubernetes.api.model.Event event(
      AwsCluster cluster, PlanNote note, Instant now) {
    return new EventBuilder()
        .withNewMetadata()
        .withGenerateName(cluster.getMetadata().getName() + ".")
        .withNamespace(cluster.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace())
                .withUid(cluster.getMetadata().getUid())
                .build())
        .withType(note.warning() ? "Warning" : "Normal")
        .withReason(note.reason())
        .withMessage(note.message())
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }
}

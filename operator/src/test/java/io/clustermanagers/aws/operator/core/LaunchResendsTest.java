package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchResendsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ClusterKey A = new ClusterKey("research", "a");
  private static final ClusterKey B = new ClusterKey("research", "b");
  private final LaunchResends resends = new LaunchResends(Duration.ofSeconds(10));
  private final LaunchIntent intent = new LaunchIntent(0L, 3L, T0.toString());

  private static LaunchExpectations expecting(List<LaunchIntent> recorded, Instant now) {
    return LaunchExpectations.of(recorded, List.of(), now);
  }

  @Test
  void aLaunchSeenAtLastIsForgotten() {
    Instant now = T0.plusSeconds(11);
    resends.due(A, expecting(List.of(intent), now), now).forEach(i -> resends.sent(A, i, now));
    assertThat(resends.remembered()).isEqualTo(1);

    resends.due(A, LaunchExpectations.none(), now.plusSeconds(5));

    assertThat(resends.remembered()).isZero();
  }

  @Test
  void aGoneClustersLaunchesAreForgottenAfterTheirGrace() {
    Instant now = T0.plusSeconds(11);
    resends.due(A, expecting(List.of(intent), now), now).forEach(i -> resends.sent(A, i, now));

    Instant later = T0.plus(LaunchExpectations.GRACE).plusSeconds(1);
    resends.due(B, LaunchExpectations.none(), later);

    assertThat(resends.remembered()).as("A is never asked about again").isZero();
  }

  @Test
  void aLatePassDoesNotBringTheNextResendForward() {
    Instant first = T0.plusSeconds(35); // the first pass comes late
    assertThat(resends.due(A, expecting(List.of(intent), first), first)).hasSize(1);
    resends.sent(A, intent, first);

    Instant soon = first.plusSeconds(5);
    assertThat(resends.due(A, expecting(List.of(intent), soon), soon)).isEmpty();
    Instant then = first.plusSeconds(10);
    assertThat(resends.due(A, expecting(List.of(intent), then), then)).hasSize(1);
  }

  @Test
  void clustersCountApart() {
    Instant now = T0.plusSeconds(11);
    resends.sent(A, intent, now);

    assertThat(resends.due(B, expecting(List.of(intent), now), now)).hasSize(1);
    assertThat(resends.due(A, expecting(List.of(intent), now), now)).isEmpty();
  }
}

package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.List;
import java.util.Optional;

/**
 * Of several calls' failures, the one to report: the first permanent one (a spec or permission to
 * fix), else the first; the others suppressed in it, so nothing is lost.
 */
final class WorstFailure {
  private WorstFailure() {}

  static Optional<BackendException> of(List<BackendException> failures) {
    BackendException worst = null;
    for (BackendException e : failures) {
      if (worst == null) {
        worst = e;
      } else if (e.isPermanent() && !worst.isPermanent()) {
        e.addSuppressed(worst);
        worst = e;
      } else {
        worst.addSuppressed(e);
      }
    }
    return Optional.ofNullable(worst);
  }
}

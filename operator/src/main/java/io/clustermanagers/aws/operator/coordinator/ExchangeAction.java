package io.clustermanagers.aws.operator.coordinator;

/**
 * Answers one request; may throw {@link RequestRejectedException} to answer with an error, which
 * {@link GuardedHandler} turns into its JSON answer.
 */
@FunctionalInterface
interface ExchangeAction {
  Answer serve(CoordinatorRequest request);
}

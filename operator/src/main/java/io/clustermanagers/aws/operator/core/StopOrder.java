package io.clustermanagers.aws.operator.core;

/** The planner's decision to stop one worker, and why (a CamelCase reason and a sentence). */
public record StopOrder(String workerId, String reason, String message) {}

package io.clustermanagers.aws.operator.core;

/** Something the plan wants a person to know: becomes an Event (warning or normal). */
public record PlanNote(boolean warning, String reason, String message) {}

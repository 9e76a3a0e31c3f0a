package io.clustermanagers.aws.operator.backend;

/**
 * The room a backend has for more workers when it has a limit of its own (the local backend's
 * processes), across every cluster it serves.
 *
 * @param free how many more workers it can start now
 * @param perLaunch how many it starts at most in one launch, to pace a large scale-up
 * @param limit the limit and the flag that sets it, for a person
 */
public record BackendCapacity(int free, int perLaunch, String limit) {}

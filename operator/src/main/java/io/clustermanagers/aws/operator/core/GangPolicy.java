package io.clustermanagers.aws.operator.core;

/**
 * A cluster whose workers form one gang (a Batch multi-node parallel job): launched together, never
 * resized, and after losing a worker either replaced whole or left to run short.
 *
 * @param replaceOnLoss true: a gang that lost a worker is stopped and a new one launched
 *     (ReplaceGang); false: the survivors keep running and the cluster is Degraded (Continue)
 */
public record GangPolicy(boolean replaceOnLoss) {}

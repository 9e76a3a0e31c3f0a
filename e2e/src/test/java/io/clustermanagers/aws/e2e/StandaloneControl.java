package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Standalone mode ({@code run -f cluster.yaml}) as its own process. A standalone run reads its file
 * once, so a step's change is made as a user makes it: the run is killed ({@code kill -9}, the
 * crash this suite is about) and started again on the changed file; the end step is SIGTERM
 * (Ctrl-C), after which the run must have stopped every worker.
 */
final class StandaloneControl implements ChaosControl {
  /** Part of a standalone run's first line, printed once its shutdown hook is in place. */
  private static final String STOPPABLE = "Ctrl-C or SIGTERM stops it";

  private final ChaosWorld world;
  private final String namespace;
  private final String name;
  private final Path file;
  private final Map<String, String> env;
  private final List<StandaloneProcess> runs = new ArrayList<>();
  private final StringBuilder output = new StringBuilder();
  private StandaloneProcess run;
  private boolean ending;

  StandaloneControl(ChaosWorld world, Path dir, String namespace, String name, int limit) {
    this.world = world;
    this.namespace = namespace;
    this.name = name;
    this.file = dir.resolve(name + ".yaml");
    Map<String, String> e = new HashMap<>(world.operatorEnvironment());
    e.putAll(ChaosSettings.operatorTuning(limit));
    this.env = Map.copyOf(e);
  }

  @Override
  public String cluster() {
    return namespace + "/" + name;
  }

  /** Also a kill when a run is going (the change needs a new run). */
  @Override
  public int apply(ChaosStep step) throws Exception {
    if (step.end()) {
      ending = true;
      awaitStoppable();
      run.terminate();
      return 0;
    }
    write(step);
    int kills = 0;
    if (run != null) {
      kill();
      kills = 1;
    }
    start();
    return kills;
  }

  private void write(ChaosStep step) throws Exception {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    AwsClusterSpec spec = ChaosSettings.baseSpec(world);
    step.applyTo(spec);
    cluster.setSpec(spec);
    Files.writeString(file, Serialization.asYaml(cluster));
  }

  /** During the end step, the new run is stopped again (Ctrl-C again, as its user would). */
  @Override
  public void killAndRestart() throws Exception {
    kill();
    start();
    if (ending) {
      awaitStoppable();
      run.terminate();
    }
  }

  /**
   * Until the new run has said that a SIGTERM stops it (its shutdown hook is in place), as a user
   * presses Ctrl-C only after the run started. A signal that comes before the JVM can catch it ends
   * the process by the system's default action, which no program can turn into a stop.
   */
  private void awaitStoppable() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (run.process().isAlive()
        && run.output().stream().noneMatch(l -> l.contains(STOPPABLE))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private void kill() throws InterruptedException {
    run.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    output.append("---- standalone run (killed)\n");
    output.append(ChaosSettings.tail(String.join("\n", run.output()))).append('\n');
  }

  private void start() throws Exception {
    run = StandaloneProcess.run(file, env);
    runs.add(run);
  }

  @Override
  public boolean ended() {
    return run != null && !run.process().isAlive();
  }

  @Override
  public int kubernetesSecretsLeft() {
    return 0; // no Kubernetes
  }

  @Override
  public String output() {
    return output + (run == null ? "" : ChaosSettings.tail(String.join("\n", run.output())));
  }

  @Override
  public void close() {
    for (StandaloneProcess r : runs) {
      r.close();
    }
  }
}

package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test ({@code bench/run.sh footprint} selects it with {@code -Dit.test}; it
 * asserts nothing about the figures): the operator jar as its own JVM ({@code -Xmx} {@code
 * bench.xmx}, default 512m, so the measure is not capped) against the real API server, serving
 * {@code bench.clusters} (1,000) Batch AwsClusters of {@code bench.workers} (10) workers on the AWS
 * {@code bench.aws} names (see {@link FootprintAws}: the fast emulator by default, or moto; jobs
 * held RUNNING, no containers run) whose agents are {@link FleetAgents}: they register and
 * heartbeat as real agents would. Once every cluster is Ready and {@code bench.settleSeconds} have
 * passed, the operator's live heap after a full GC and its resident set; then {@code bench.sampled}
 * (200) clusters, spaced over the whole set, are scaled up by one and back, one patch every {@code
 * bench.spacingMillis}, and for each patch the time until the first AWS call for that cluster
 * reaches the proxy (both clocks are this JVM's System.nanoTime), and the operator's status writes
 * during the churn from the audit log; {@code bench.threadDumps} (4) thread dumps of the operator
 * during the scale-up go to {@code target/footprint-threads-<n>.txt}. Writes {@code
 * target/footprint-bench.md} and the class histogram {@code target/footprint-histogram.txt}.
 */
class FootprintBench {
  private static final String NS = "research";
  private static final int CLUSTERS = Integer.getInteger("bench.clusters", 1000);
  private static final int WORKERS = Integer.getInteger("bench.workers", 10);
  private static final int SAMPLED = Math.min(CLUSTERS, Integer.getInteger("bench.sampled", 200));
  private static final long SPACING_MS = Long.getLong("bench.spacingMillis", 250);
  private static final long SETTLE_S = Long.getLong("bench.settleSeconds", 60);
  private static final String XMX = System.getProperty("bench.xmx", "512m");
  private static final String AWS = System.getProperty("bench.aws", "fast");
  private static final int THREAD_DUMPS = Integer.getInteger("bench.threadDumps", 4);
  private static final String OPERATOR_JAVA_OPTS =
      System.getProperty("bench.operatorJavaOpts", "").trim();
  private static final Duration WITHIN = Duration.ofMinutes(20);

  private FootprintReport report;

  /** When the bench's informer heard a cluster's replicas change, by "name@replicas". */
  private final Map<String, Long> watched = new ConcurrentHashMap<>();

  @Test
  void footprint() throws Exception {
    KubeApiServer server = TestKube.shared();
    try (KubernetesClient admin = server.adminClient();
        FootprintAws aws = FootprintAws.start(AWS, 4 * CLUSTERS * (WORKERS + 1))) {
      report = new FootprintReport(CLUSTERS, WORKERS, SAMPLED, XMX, aws.name());
      TestKube.ensureNamespace(admin, NS);
      TestKube.releaseLease(admin);
      ClusterCallLog calls = new ClusterCallLog();
      aws.listen(calls);
      Path kubeconfig = server.kubeconfig("operator", TestKube.operatorToken(server));
      try (OperatorProcess operator =
          OperatorProcess.start(
              "footprint-operator",
              kubeconfig,
              ports -> "http://127.0.0.1:" + ports.coordinatorPort(),
              operatorEnvironment(aws),
              operatorJvmOptions())) {
        try {
          run(server, admin, aws, calls, operator);
        } catch (Exception | Error e) {
          String out = operator.output();
          System.out.println(out.substring(Math.max(0, out.length() - 20_000)));
          throw e;
        }
      }
    }
  }

  private void run(
      KubeApiServer server,
      KubernetesClient admin,
      FootprintAws aws,
      ClusterCallLog calls,
      OperatorProcess operator)
      throws Exception {
    awaitReady(operator);
    report.collector(JvmFootprint.collector(operator.pid()));
    report.heap("idle, leading, no AwsCluster", JvmFootprint.afterFullGc(operator.pid()));
    long start = System.nanoTime();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      AwsCluster created = create(admin, aws, name(i));
      names.put(created.getMetadata().getUid().replace("-", ""), name(i));
    }
    ClusterTokens tokens = new ClusterTokens(admin, NS, names);
    // started (and synced) long before the first patch, so it hears every change as it comes
    SharedIndexInformer<AwsCluster> informer =
        admin.resources(AwsCluster.class).inNamespace(NS).inform(seen(watched));
    String url = "http://127.0.0.1:" + operator.ports().coordinatorPort();
    try (FleetAgents agents = new FleetAgents(url, calls, tokens::cluster)) {
      await(() -> readyCount(admin, WORKERS, Set.of()) == CLUSTERS, "every cluster Ready");
      report.toReady(Duration.ofNanos(System.nanoTime() - start), agents.registered());
      Map<String, Long> callsBefore = calls.answeredCalls();
      long answerBefore = calls.answerNanos();
      int connectionsBefore = aws.connections();
      long settleFrom = System.nanoTime();
      Thread.sleep(SETTLE_S * 1000);
      report.atRest(
          Duration.ofNanos(System.nanoTime() - settleFrom),
          callsBefore,
          calls.answeredCalls(),
          calls.answerNanos() - answerBefore);
      report.connections(
          "at rest",
          total(calls.answeredCalls()) - total(callsBefore),
          aws.connections() - connectionsBefore);
      report.heap("steady: every cluster Ready, " + SETTLE_S + " s later", steady(operator));
      Files.writeString(
          Path.of("target", "footprint-histogram.txt"),
          JvmFootprint.histogram(operator.pid(), 40) + "\n");
      List<String> sampled = sampled();
      long callsBeforeChurn = total(calls.answeredCalls());
      int connectionsBeforeChurn = aws.connections();
      ThreadDumps dumps = new ThreadDumps(operator.pid(), SAMPLED, THREAD_DUMPS);
      wave(server, admin, calls, names, sampled, WORKERS + 1, "/v1/submitjob", up(), dumps);
      dumps.await();
      wave(server, admin, calls, names, sampled, WORKERS, "/v1/terminatejob", down(), d -> {});
      report.connections(
          "in the churn (both waves)",
          total(calls.answeredCalls()) - callsBeforeChurn,
          aws.connections() - connectionsBeforeChurn);
      report.heap("after the churn", JvmFootprint.afterFullGc(operator.pid()));
      report.agents(agents.heartbeats(), agents.failures());
    }
    operator.kill();
    apiServerAlone(admin, sampled(), WORKERS + 2);
    informer.close();
    String table = report.table();
    System.out.println(table);
    Files.writeString(Path.of("target", "footprint-bench.md"), table);
  }

  /** -Xmx, exit on OOM, and bench.operatorJavaOpts (space-separated) for experiments. */
  private static List<String> operatorJvmOptions() {
    List<String> options = new ArrayList<>(List.of("-Xmx" + XMX, "-XX:+ExitOnOutOfMemoryError"));
    if (!OPERATOR_JAVA_OPTS.isEmpty()) {
      options.addAll(List.of(OPERATOR_JAVA_OPTS.split("\\s+")));
    }
    return options;
  }

  private static long total(Map<String, Long> calls) {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  private static JvmFootprint steady(OperatorProcess operator) throws Exception {
    return JvmFootprint.afterFullGc(operator.pid());
  }

  /**
   * Patches the sampled clusters' replicas to {@code replicas}, one every SPACING_MS, and waits
   * until each is Ready at that size; the first call after each patch, and the first {@code
   * action}, go to the report, with the status writes from the first patch until all settled.
   */
  private void wave(
      KubeApiServer server,
      KubernetesClient admin,
      ClusterCallLog calls,
      Map<String, String> names,
      List<String> sampled,
      int replicas,
      String action,
      String label,
      java.util.function.IntConsumer afterPatch)
      throws Exception {
    Map<String, String> uids = new HashMap<>();
    names.forEach((uid, name) -> uids.put(name, uid));
    Path audit = server.auditLog();
    long auditFrom = Files.size(audit);
    long first = System.nanoTime();
    Map<String, Long> patched = new LinkedHashMap<>();
    Set<String> churned = Set.copyOf(sampled);
    for (String name : sampled) {
      long at = System.nanoTime();
      calls.arm(uids.get(name), at);
      patched.put(name, at);
      patchReplicas(admin, name, replicas);
      afterPatch.accept(patched.size());
      sleepUntil(at + SPACING_MS * 1_000_000);
    }
    await(
        () -> readyCount(admin, replicas, churned) == churned.size(),
        label + ": every sampled cluster Ready at " + replicas);
    Thread.sleep(10_000); // two progress polls: the writes that follow the last change
    Duration window = Duration.ofNanos(System.nanoTime() - first);
    StatusWriteTimeline writes =
        StatusWriteTimeline.read(audit, auditFrom, Files.size(audit), AuditedWrites.operatorUser());
    List<Long> anyCall = new ArrayList<>();
    List<Long> actionCall = new ArrayList<>();
    List<Long> toWatch = new ArrayList<>();
    List<Long> watchToCall = new ArrayList<>();
    Map<String, Integer> firstOperations = new TreeMap<>();
    patched.forEach(
        (name, at) -> {
          calls
              .firstCall(uids.get(name))
              .ifPresent(
                  c -> {
                    anyCall.add(c.nanoTime() - at);
                    Long w = watched.get(name + "@" + replicas);
                    if (w != null) {
                      watchToCall.add(c.nanoTime() - w);
                    }
                    firstOperations.merge(c.operation().replace("/v1/", ""), 1, Integer::sum);
                  });
          calls.firstCall(uids.get(name), action).ifPresent(c -> actionCall.add(c.nanoTime() - at));
          Long w = watched.get(name + "@" + replicas);
          if (w != null) {
            toWatch.add(w - at);
          }
        });
    report.wave(label, action, anyCall, firstOperations, actionCall, window, writes, churned);
    report.watch(label, toWatch, watchToCall);
  }

  private static void patchReplicas(KubernetesClient admin, String name, int replicas) {
    admin
        .resources(AwsCluster.class)
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    while (System.nanoTime() < nanoTime) {
      Thread.sleep(Math.max(1, (nanoTime - System.nanoTime()) / 1_000_000));
    }
  }

  /**
   * The same patches with the operator killed and the fake agents stopped: the API server's write
   * and watch delivery to the bench's informer with nothing else on the machine reacting, the peer
   * of the waves' "patch → the change at a watch" column.
   */
  private void apiServerAlone(KubernetesClient admin, List<String> sampled, int replicas)
      throws Exception {
    Map<String, Long> patched = new LinkedHashMap<>();
    for (String name : sampled) {
      long at = System.nanoTime();
      patched.put(name, at);
      patchReplicas(admin, name, replicas);
      sleepUntil(at + SPACING_MS * 1_000_000);
    }
    await(
        () -> patched.keySet().stream().allMatch(n -> watched.containsKey(n + "@" + replicas)),
        "the bench's informer heard every patch with the operator stopped");
    List<Long> toWatch = new ArrayList<>();
    patched.forEach((name, at) -> toWatch.add(watched.get(name + "@" + replicas) - at));
    report.watch(
        "the API server alone (operator killed, agents stopped), "
            + (replicas - 2)
            + " → "
            + replicas,
        toWatch,
        List.of());
  }

  /**
   * For an informer of the bench's own on the AwsClusters: when each change of a cluster's replicas
   * reached a watcher other than the operator (the API server's write and watch delivery, which the
   * operator's informer waits for as well).
   */
  private static ResourceEventHandler<AwsCluster> seen(Map<String, Long> watched) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(AwsCluster cluster) {}

      @Override
      public void onUpdate(AwsCluster before, AwsCluster cluster) {
        long now = System.nanoTime();
        Integer replicas = cluster.getSpec().getReplicas();
        if (replicas != null && !replicas.equals(before.getSpec().getReplicas())) {
          watched.putIfAbsent(cluster.getMetadata().getName() + "@" + replicas, now);
        }
      }

      @Override
      public void onDelete(AwsCluster cluster, boolean unknownFinalState) {}
    };
  }

  private static String up() {
    return "scale up " + WORKERS + " → " + (WORKERS + 1);
  }

  private static String down() {
    return "scale down " + (WORKERS + 1) + " → " + WORKERS;
  }

  /** SAMPLED clusters spread evenly over the whole set. */
  private static List<String> sampled() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < SAMPLED; i++) {
      names.add(name((int) ((long) i * CLUSTERS / SAMPLED)));
    }
    return names;
  }

  /** Clusters (all, or those in {@code only}) with {@code replicas} Ready and Ready=True. */
  private static long readyCount(KubernetesClient admin, int replicas, Set<String> only) {
    Predicate<AwsCluster> wanted = c -> only.isEmpty() || only.contains(c.getMetadata().getName());
    return admin.resources(AwsCluster.class).inNamespace(NS).list().getItems().stream()
        .filter(wanted)
        .filter(c -> c.getSpec().getReplicas() == replicas)
        .map(AwsCluster::getStatus)
        .filter(s -> s != null && isReady(s, replicas))
        .count();
  }

  private static boolean isReady(AwsClusterStatus status, int replicas) {
    return status.getReadyReplicas() != null
        && status.getReadyReplicas() == replicas
        && status.getRunningReplicas() != null
        && status.getRunningReplicas() == replicas
        && status.getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String name(int i) {
    return String.format("fp-%04d", i);
  }

  private static AwsCluster create(KubernetesClient admin, FootprintAws aws, String name) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(WORKERS);
    spec.setRegistrationTimeout("30m");
    BatchSpec batch = new BatchSpec();
    batch.setJobQueue(aws.jobQueue());
    batch.setJobDefinition(aws.jobDefinition());
    spec.setBatch(batch);
    spec.getTemplate().setCommand(List.of("sleep", "3600"));
    cluster.setSpec(spec);
    return admin.resources(AwsCluster.class).inNamespace(NS).resource(cluster).create();
  }

  /** Batch through the proxy, and room for every cluster's workers (the default cap is 5,000). */
  private static Map<String, String> operatorEnvironment(FootprintAws aws) {
    return Map.of(
        "ACM_BACKENDS",
        "batch",
        "AWS_ENDPOINT_URL",
        aws.endpoint().toString(),
        "AWS_REGION",
        MotoServer.REGION,
        "AWS_ACCESS_KEY_ID",
        "testing",
        "AWS_SECRET_ACCESS_KEY",
        "testing",
        "ACM_MAX_WORKERS",
        Integer.toString(2 * CLUSTERS * (WORKERS + 1)));
  }

  private static void awaitReady(OperatorProcess operator) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI readyz = URI.create("http://127.0.0.1:" + operator.ports().managementPort() + "/readyz");
    await(
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(readyz).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (Exception e) {
            return false;
          }
        },
        "the operator ready (leading)");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + WITHIN + ": " + what);
      }
      Thread.sleep(1000);
    }
  }
}

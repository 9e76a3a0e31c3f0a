package io.clustermanagers.aws.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The worker agent's entry point and composition root. Its arguments are the workload command.
 *
 * <p>Exit codes: the workload's own; 0 when stopped without a workload running; 2 for an invalid
 * environment; 3 when the coordinator refuses the registration for good; 127 when the workload
 * command cannot be started.
 */
public final class AgentMain {

  static final int EXIT_INVALID_CONFIG = 2;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private AgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    AgentConfig config;
    try {
      config = AgentConfig.fromSystemEnvironment(ConfigLookups.system(http));
    } catch (InvalidConfigException e) {
      System.err.println("[agent] invalid configuration: " + e.getMessage());
      System.exit(EXIT_INVALID_CONFIG);
      return;
    }
    Agent agent = buildAgent(config, http, List.of(args));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> agent.stop().ifPresent(Runtime.getRuntime()::halt), "agent-stop"));
    System.exit(agent.run());
  }

  private static Agent buildAgent(AgentConfig config, HttpClient http, List<String> command) {
    AgentLog log = new AgentLog(System.err, config.workerId());
    log.info(
        "worker "
            + config.workerId()
            + " at "
            + config.workerAddress()
            + ":"
            + config.workerPort()
            + ", coordinator "
            + config.coordinatorUrl()
            + ", cluster "
            + config.clusterNamespace()
            + "/"
            + config.clusterName());
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(AgentMain::daemon);
    CoordinatorClient client = new CoordinatorClient(config, http, new ObjectMapper());
    RegistrationRetry registration =
        new RegistrationRetry(
            client, scheduler, log, RegistrationRetry.MIN_DELAY, RegistrationRetry.MAX_DELAY);
    return new Agent(
        registration,
        new HeartbeatLoop(client, scheduler, log),
        client,
        new WorkloadLauncher(command, config.workerId(), config.workloadEnvironment()),
        config.stopGrace(),
        log);
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "agent-coordinator");
    thread.setDaemon(true);
    return thread;
  }
}

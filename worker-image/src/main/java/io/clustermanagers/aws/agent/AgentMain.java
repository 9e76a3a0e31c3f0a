package io.clustermanagers.aws.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The worker agent's entry point and composition root. Its arguments are the workload command.
 *
 * <p>Exit codes: the workload's own; 0 when stopped without a workload running; 2 for an invalid
 * environment; 3 when the coordinator refuses the registration for good; 4 when the coordinator was
 * not reached for the loss timeout; 5 when the coordinator says the cluster is gone (410); 127 when
 * the workload command cannot be started.
 */
public final class AgentMain {

  static final int EXIT_INVALID_CONFIG = 2;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private AgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    HttpClient http;
    AgentConfig config;
    try {
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(CONNECT_TIMEOUT);
      AgentConfig.coordinatorTrustFromSystemEnvironment().ifPresent(builder::sslContext);
      http = builder.build();
      config = AgentConfig.fromSystemEnvironment(ConfigLookups.system(http));
    } catch (InvalidConfigException e) {
      System.err.println("[agent] invalid configuration: " + e.getMessage());
      System.exit(EXIT_INVALID_CONFIG);
      return;
    }
    Agent agent = buildAgent(config, http, List.of(args), new MonotonicClock());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> agent.stop().ifPresent(Runtime.getRuntime()::halt), "agent-stop"));
    System.exit(agent.run());
  }

  private static Agent buildAgent(
      AgentConfig config, HttpClient http, List<String> command, Clock clock) {
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
    CoordinatorContact contact = new CoordinatorContact(clock);
    CoordinatorClient client = new CoordinatorClient(config, http, new ObjectMapper(), contact);
    RegistrationRetry registration =
        new RegistrationRetry(
            client, scheduler, log, RegistrationRetry.MIN_DELAY, RegistrationRetry.MAX_DELAY);
    GiveUpSignal giveUp = new GiveUpSignal();
    Agent agent =
        new Agent(
            registration,
            new HeartbeatLoop(client, scheduler, log, giveUp),
            client,
            new WorkloadLauncher(command, config.workerId(), config.workloadEnvironment()),
            config.stopGrace(),
            log);
    giveUp.onGiveUp(agent::giveUp);
    new CoordinatorLossWatch(contact, config.coordinatorLossTimeout(), giveUp).start(scheduler);
    log.info(
        "stops on its own after "
            + config.coordinatorLossTimeout().toSeconds()
            + " s without reaching the coordinator");
    return agent;
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "agent-coordinator");
    thread.setDaemon(true);
    return thread;
  }
}

package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.badRequest;

import java.util.regex.Pattern;

/**
 * Checks worker ids, addresses and ports; a rejection names the field and what it must look like.
 */
final class WorkerFieldValidator {
  /** Job ids, {@code parent:index} of an array child, {@code job#index} of a multi-node node. */
  private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._:#-]{1,200}");

  /** An IPv4 or IPv6 address (optionally with a zone) or a DNS name. */
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:%-]{1,253}");

  private static final int MAX_PORT = 65_535;

  String workerId(String workerId) {
    if (!WORKER_ID.matcher(workerId).matches()) {
      throw badRequest("workerId must match " + WORKER_ID.pattern());
    }
    return workerId;
  }

  String address(String address) {
    if (!ADDRESS.matcher(address).matches()) {
      throw badRequest(
          "address must be an IP address or a host name matching " + ADDRESS.pattern());
    }
    return address;
  }

  int port(int port) {
    if (port < 0 || port > MAX_PORT) {
      throw badRequest(portRule());
    }
    return port;
  }

  String portRule() {
    return "port must be an integer between 0 and " + MAX_PORT;
  }
}

package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the coordinator Service is in a cluster, for operator processes on this machine: one stable
 * loopback address that forwards each TCP connection to the operator whose {@code /readyz} answers
 * 200 (only the leader is ready), as a Service routes to ready pods only.
 */
final class CoordinatorFront implements AutoCloseable {
  /** One operator process: where its coordinator and its management port listen. */
  record Backend(int coordinatorPort, int managementPort) {}

  private final ServerSocket socket;
  private final List<Backend> backends = new CopyOnWriteArrayList<>();
  private final AtomicInteger target = new AtomicInteger(-1);
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private volatile boolean open = true;

  private CoordinatorFront() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  static CoordinatorFront start() throws IOException {
    CoordinatorFront front = new CoordinatorFront();
    front.threads.execute(front::acceptLoop);
    front.threads.execute(front::followReadiness);
    return front;
  }

  void add(Backend backend) {
    backends.add(backend);
  }

  /** Stops routing to {@code backend} (an operator process that is gone). */
  void remove(Backend backend) {
    backends.remove(backend);
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** The coordinator port connections go to now, or -1 while no operator is ready. */
  int target() {
    return target.get();
  }

  private void followReadiness() {
    while (open) {
      int ready = -1;
      for (Backend b : backends) {
        if (isReady(b)) {
          ready = b.coordinatorPort();
          break;
        }
      }
      target.set(ready);
      sleep(100);
    }
  }

  private boolean isReady(Backend b) {
    try {
      return http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + b.managementPort() + "/readyz"))
                      .timeout(Duration.ofMillis(500))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void acceptLoop() {
    while (open) {
      try {
        Socket client = socket.accept();
        threads.execute(() -> forward(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void forward(Socket client) {
    int port = target.get();
    try (client;
        Socket upstream = port < 0 ? null : new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      if (upstream == null) {
        return; // no ready endpoint: the connection is refused, as by a Service without one
      }
      threads.execute(() -> pump(upstream, client));
      pump(client, upstream);
    } catch (IOException e) {
      // the client sees its connection end and retries
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side is gone
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "coordinator-front");
      t.setDaemon(true);
      return t;
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    open = false;
    socket.close();
    threads.shutdownNow();
  }
}

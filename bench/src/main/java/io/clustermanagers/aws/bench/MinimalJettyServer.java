package io.clustermanagers.aws.bench;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty 12 (core handler API, no servlets), answering 204. */
final class MinimalJettyServer {
  private MinimalJettyServer() {}

  static MinimalServer.Running start(int threads) throws Exception {
    // Jetty needs a few threads for its selectors and acceptors on top of the ones that serve
    QueuedThreadPool pool = new QueuedThreadPool(Math.max(threads, 4) + 4, 4);
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(204);
            callback.succeeded();
            return true;
          }
        });
    server.start();
    return new MinimalServer.Running() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() throws Exception {
        server.stop();
      }
    };
  }
}

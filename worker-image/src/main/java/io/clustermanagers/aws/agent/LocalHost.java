package io.clustermanagers.aws.agent;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name and address, the last resort for the worker's identity. */
public record LocalHost(String name, String address) {

  /** Asks the operating system; throws {@link UncheckedIOException} when it cannot tell. */
  public static LocalHost detect() {
    try {
      InetAddress local = InetAddress.getLocalHost();
      return new LocalHost(local.getHostName(), local.getHostAddress());
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.TokenSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a standalone run keeps on disk, in {@code <state dir>/<identity>/}, so that a run started
 * again after a crash picks up where the earlier one stopped:
 *
 * <ul>
 *   <li>{@code lock}: held (an OS file lock) while the run lives, so a second run of the same
 *       identity is refused instead of fighting the first over its workers; the OS lets go of it
 *       when the process dies, also by {@code kill -9};
 *   <li>{@code token} (mode 600): the coordinator token, so that workers the earlier run left
 *       behind can register again with this one;
 *   <li>{@code coordinator-port}: where the earlier run listened, for the same reason.
 * </ul>
 *
 * Token and port are removed once the run has stopped every worker: the next run starts fresh.
 */
final class RunState implements AutoCloseable {
  private static final String TOKEN = "token";
  private static final String PORT = "coordinator-port";
  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private RunState(Path directory, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Takes the run's lock; refuses when another live process holds it. */
  static RunState lock(Path stateRoot, RunIdentity identity) throws AlreadyRunning, IOException {
    Path directory = stateRoot.resolve(identity.directoryName());
    Files.createDirectories(directory);
    Path lockFile = directory.resolve("lock");
    FileChannel channel =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException held) {
      lock = null;
    }
    if (lock == null) {
      String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
      channel.close();
      throw new AlreadyRunning(
          "another run of "
              + identity.describe()
              + " is running"
              + (holder.isEmpty() ? "" : " (pid " + holder + ")")
              + ": it holds "
              + lockFile
              + ". Two runs of one identity would fight over the same workers: stop the other"
              + " run, or give this one its own "
              + RunIdentity.FLAG);
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
    channel.force(false);
    return new RunState(directory, channel, lock);
  }

  Path directory() {
    return directory;
  }

  /** True when an earlier run of this identity ended without stopping its workers. */
  boolean earlierRunLeftWorkers() {
    return Files.exists(directory.resolve(TOKEN));
  }

  /** The port the earlier run's coordinator listened on, if it recorded one. */
  OptionalInt earlierCoordinatorPort() {
    try {
      return OptionalInt.of(
          Integer.parseInt(
              Files.readString(directory.resolve(PORT), StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  void recordCoordinatorPort(int port) throws IOException {
    Files.writeString(directory.resolve(PORT), Integer.toString(port), StandardCharsets.UTF_8);
  }

  /** The run's token: the earlier run's, or a new one kept in {@code token} (mode 600). */
  TokenSource tokens() {
    return new TokenSource() {
      private volatile String token;

      @Override
      public synchronized String tokenFor(AwsCluster cluster) {
        if (token == null) {
          token = readOrCreateToken();
        }
        return token;
      }
    };
  }

  private String readOrCreateToken() {
    Path file = directory.resolve(TOKEN);
    try {
      Optional<String> earlier =
          Files.exists(file)
              ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                  .filter(s -> !s.isEmpty())
              : Optional.empty();
      if (earlier.isPresent()) {
        return earlier.get();
      }
      String token = TokenSource.newRandomToken();
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, token, StandardCharsets.UTF_8);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the run's token in " + file, e);
    }
  }

  /** Every worker stopped: the next run starts with a new token and any free port. */
  void forgetWorkers() throws IOException {
    Files.deleteIfExists(directory.resolve(TOKEN));
    Files.deleteIfExists(directory.resolve(PORT));
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }

  /** Another process runs the same identity. */
  static final class AlreadyRunning extends Exception {
    AlreadyRunning(String message) {
      super(message);
    }
  }
}

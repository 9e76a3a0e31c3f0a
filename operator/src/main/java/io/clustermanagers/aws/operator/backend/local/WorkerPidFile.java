package io.clustermanagers.aws.operator.backend.local;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;

/**
 * A local worker's pid file, {@code <id>.pid} next to its log: which process runs the worker, when
 * that process started, the cluster UID it was launched for and a launch id that is also in the
 * process's environment ({@value #LAUNCH_VARIABLE}). An operator started after a crash reads these
 * files to find the workers of the previous process. A pid the system has since given to another
 * process is never taken for the worker: the start time must match and, where /proc shows the
 * process's environment, the launch id too.
 */
record WorkerPidFile(
    String workerId,
    long sequence,
    String clusterUid,
    long pid,
    Instant processStart,
    String launchId) {
  static final String LAUNCH_VARIABLE = "ACM_LOCAL_LAUNCH_ID";
  static final String SUFFIX = ".pid";

  /** The pid of a {@link #starting} file: the process may exist, found by its launch id. */
  static final long NOT_STARTED = 0;

  /**
   * How far apart two readings of one process's start time may be: Linux derives it from the boot
   * time, which /proc/stat reports to the second and may round differently from one read to the
   * next. A recycled pid cannot start this close to the original: that process ran at least until
   * its pid file was written.
   */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

  /**
   * The file of a worker about to be started: written before its process exists, so that an
   * operator killed between the start and the full file still finds the process (by its launch id).
   */
  static WorkerPidFile starting(
      String workerId, long sequence, String clusterUid, String launchId) {
    return new WorkerPidFile(workerId, sequence, clusterUid, NOT_STARTED, Instant.EPOCH, launchId);
  }

  /** The process behind this file if it is still the worker's process, alive. */
  Optional<ProcessHandle> liveProcess() {
    if (pid == NOT_STARTED) {
      // The agent, not its workload: both carry the launch id, the agent's parent does not.
      java.util.List<ProcessHandle> carriers =
          ProcessHandle.allProcesses()
              .filter(ProcessHandle::isAlive)
              .filter(p -> environment(p.pid()).map(this::carriesLaunchId).orElse(false))
              .toList();
      return carriers.stream()
          .filter(p -> p.parent().map(parent -> !carriers.contains(parent)).orElse(true))
          .findFirst();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isTheWorker);
  }

  private boolean carriesLaunchId(java.util.List<String> environment) {
    return environment.contains(LAUNCH_VARIABLE + "=" + launchId);
  }

  private boolean isTheWorker(ProcessHandle process) {
    Optional<Instant> start = process.info().startInstant();
    if (start.isEmpty()
        || Duration.between(start.get(), processStart).abs().compareTo(START_TOLERANCE) > 0) {
      return false;
    }
    return environment(process.pid()).map(this::carriesLaunchId).orElse(true);
  }

  /** The process's environment where /proc shows it (Linux, same user); empty elsewhere. */
  private static Optional<java.util.List<String>> environment(long pid) {
    Path environ = Path.of("/proc", Long.toString(pid), "environ");
    try {
      return Optional.of(
          Arrays.asList(
              new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Writes the file in {@code directory} at once (a reader never sees half a file). */
  void writeTo(Path directory) throws IOException {
    Properties p = new Properties();
    p.setProperty("worker", workerId);
    p.setProperty("sequence", Long.toString(sequence));
    p.setProperty("uid", clusterUid);
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("start", processStart.toString());
    p.setProperty("launch", launchId);
    Path target = pathIn(directory, workerId);
    Path partial = directory.resolve(workerId + SUFFIX + ".partial");
    try (var out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      p.store(out, "aws-cluster-operator local worker");
    }
    try {
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static Path pathIn(Path directory, String workerId) {
    return directory.resolve(workerId + SUFFIX);
  }

  /** The file's content, or empty when it is not one of ours or is damaged. */
  static Optional<WorkerPidFile> read(Path file) {
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      return Optional.of(
          new WorkerPidFile(
              required(p, "worker"),
              Long.parseLong(required(p, "sequence")),
              required(p, "uid"),
              Long.parseLong(required(p, "pid")),
              Instant.parse(required(p, "start")),
              required(p, "launch")));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }
}

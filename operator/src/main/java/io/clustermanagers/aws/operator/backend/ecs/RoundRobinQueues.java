package io.clustermanagers.aws.operator.backend.ecs;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One first-in-first-out queue per key, taken from in turns: {@link #poll} takes the head of the
 * next key's queue, so a key with a long queue gets one item per turn like every other, and a key
 * that queues later is served within one round. Not thread-safe (its owner locks).
 */
final class RoundRobinQueues<K, T> {
  private final Map<K, ArrayDeque<T>> queues = new HashMap<>();
  private final ArrayDeque<K> turns = new ArrayDeque<>();
  private int size;

  /** Queues {@code item} behind the key's earlier items; a key new to the turns goes last. */
  void add(K key, T item) {
    ArrayDeque<T> queue = queues.get(key);
    if (queue == null) {
      queue = new ArrayDeque<>();
      queues.put(key, queue);
      turns.addLast(key);
    }
    queue.addLast(item);
    size++;
  }

  /** The head of the next key's queue (that key then waits for its next turn); null if empty. */
  T poll() {
    K key = turns.pollFirst();
    if (key == null) {
      return null;
    }
    ArrayDeque<T> queue = queues.get(key);
    T item = queue.pollFirst();
    size--;
    if (queue.isEmpty()) {
      queues.remove(key);
    } else {
      turns.addLast(key);
    }
    return item;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Removes every item; {@code each} first sees them. */
  void clear(Consumer<T> each) {
    queues.values().forEach(q -> q.forEach(each));
    queues.clear();
    turns.clear();
    size = 0;
  }
}

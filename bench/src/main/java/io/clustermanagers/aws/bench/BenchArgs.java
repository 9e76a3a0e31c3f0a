package io.clustermanagers.aws.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs, each with a default; unknown names are refused. */
final class BenchArgs {
  private final Map<String, String> values = new HashMap<>();

  BenchArgs(String[] args, Map<String, String> defaults) {
    values.putAll(defaults);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].replaceFirst("^--", "");
      if (!defaults.containsKey(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: " + String.join(" ", defaults.keySet().stream().map(n -> "--" + n).toList()));
      }
      values.put(name, args[i + 1]);
    }
  }

  String text(String name) {
    return values.get(name);
  }

  int number(String name) {
    return Integer.parseInt(values.get(name));
  }
}

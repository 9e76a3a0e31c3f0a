package io.clustermanagers.aws.operator.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.clustermanagers.aws.operator.core.SpecError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the CEL rules ({@code x-kubernetes-validations}) of a CRD schema against a resource as
 * an API server does on create: each rule runs with {@code self} bound to the value at its place in
 * the schema, wherever that value is present. Transition rules (those that read {@code oldSelf})
 * only run on updates, which a file never is, so they are skipped.
 */
final class CelRuleCheck {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();

  private final JsonNode schema;
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /** Compiles every rule of the schema now, so that a rule this check cannot run fails early. */
  CelRuleCheck(JsonNode schema) {
    this.schema = schema;
    compileAll(schema);
  }

  /** The rules that fail for this (defaulted) resource, each as the field it names and why. */
  List<SpecError> check(JsonNode resource) {
    List<SpecError> errors = new ArrayList<>();
    walk("", schema, resource, errors);
    return errors;
  }

  private void walk(String path, JsonNode schema, JsonNode value, List<SpecError> errors) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      evaluate(path, rule, value).ifPresent(errors::add);
    }
    if (value.isObject()) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> walk(join(path, p.getKey()), p.getValue(), value.get(p.getKey()), errors));
      JsonNode entries = schema.path("additionalProperties");
      if (entries.isObject()) {
        value
            .fields()
            .forEachRemaining(
                e -> walk(path + "[" + e.getKey() + "]", entries, e.getValue(), errors));
      }
    } else if (value.isArray() && schema.path("items").isObject()) {
      for (int i = 0; i < value.size(); i++) {
        walk(path + "[" + i + "]", schema.path("items"), value.get(i), errors);
      }
    }
  }

  private Optional<SpecError> evaluate(String path, JsonNode rule, JsonNode value) {
    String text = rule.path("rule").asText();
    if (text.contains("oldSelf")) {
      return Optional.empty();
    }
    String field = path + rule.path("fieldPath").asText("");
    Object result;
    try {
      result = programs.get(text).eval(Map.of("self", toCel(value)));
    } catch (CelEvaluationException e) {
      return Optional.of(new SpecError(field, "cannot be checked: " + e.getMessage()));
    }
    if (Boolean.TRUE.equals(result)) {
      return Optional.empty();
    }
    String message = rule.path("message").asText("failed rule: " + text);
    return Optional.of(new SpecError(field, withoutField(message, field)));
  }

  /** A rule message that starts with its own field ("spec.x must ...") loses the repetition. */
  private static String withoutField(String message, String field) {
    if (message.startsWith(field + ": ")) {
      return message.substring(field.length() + 2);
    }
    return message.startsWith(field + " ") ? message.substring(field.length() + 1) : message;
  }

  private void compileAll(JsonNode schema) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String text = rule.path("rule").asText();
      try {
        programs.put(text, RUNTIME.createProgram(COMPILER.compile(text).getAst()));
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalStateException("CRD rule cannot be compiled: " + text, e);
      }
    }
    schema.path("properties").forEach(this::compileAll);
    if (schema.path("additionalProperties").isObject()) {
      compileAll(schema.path("additionalProperties"));
    }
    if (schema.path("items").isObject()) {
      compileAll(schema.path("items"));
    }
  }

  /** The value as CEL sees it: maps, lists, strings, int64, double, bool (nulls are absent). */
  static Object toCel(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  map.put(e.getKey(), toCel(e.getValue()));
                }
              });
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    return value.isBoolean() ? (Object) value.asBoolean() : value.asText();
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}

package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a kube-apiserver checks when an AwsCluster is created or updated, offline, from the
 * generated CRD alone: defaults, undeclared fields (strict field validation), the openAPIV3Schema
 * (networknt) and every x-kubernetes-validations rule found by walking the schema (cel-java), with
 * {@code oldSelf} for transition rules on updates where the old object has a value at the rule's
 * place. The operator's standalone SchemaCheck does the same for creates; this one is independent
 * so that each checks the other through the shared table of invalid AwsClusters.
 */
final class OfflineApiServer {
  /** One rejection: the field it names, what is wrong, and which check made it. */
  record Rejection(String field, String message, String judge) {}

  private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata");
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();

  private final JsonNode openApi;
  private final JsonSchema schema;
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  OfflineApiServer(JsonNode openApi) {
    this.openApi = openApi;
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
  }

  List<Rejection> create(JsonNode object) {
    return update(null, object);
  }

  /** Every rejection of {@code object} replacing {@code old} (null: a create). */
  List<Rejection> update(JsonNode old, JsonNode object) {
    JsonNode value = defaulted(openApi, object.deepCopy());
    JsonNode oldValue = old == null ? null : defaulted(openApi, old.deepCopy());
    List<Rejection> out = new ArrayList<>();
    value
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!OBJECT_FIELDS.contains(name)) {
                unknown(name, openApi.path("properties").get(name), value.get(name), out);
              }
            });
    for (ValidationMessage m : schema.validate(value)) {
      String at = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
      String field = "required".equals(m.getType()) ? join(at, m.getProperty()) : at;
      out.add(new Rejection(field, m.getMessage(), "schema"));
    }
    rules("", openApi, value, oldValue, out);
    return out;
  }

  private static void unknown(String path, JsonNode schema, JsonNode value, List<Rejection> out) {
    if (schema == null) {
      out.add(new Rejection(path, "unknown field \"" + path + "\"", "schema-strict"));
    } else if (value.isObject()
        && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
      JsonNode entries = schema.path("additionalProperties");
      value
          .fields()
          .forEachRemaining(
              e ->
                  unknown(
                      entries.isObject() ? path + "[" + e.getKey() + "]" : path + "." + e.getKey(),
                      entries.isObject() ? entries : schema.path("properties").get(e.getKey()),
                      e.getValue(),
                      out));
    } else if (value.isArray() && schema.path("items").isObject()) {
      for (int i = 0; i < value.size(); i++) {
        unknown(path + "[" + i + "]", schema.path("items"), value.get(i), out);
      }
    }
  }

  /** Runs the rules at this place, then at every child; old is the old value here or null. */
  private void rules(
      String path, JsonNode schema, JsonNode value, JsonNode old, List<Rejection> out) {
    if (value == null || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String text = rule.path("rule").asText();
      boolean transition = text.contains("oldSelf");
      if (transition && (old == null || old.isNull())) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", toCel(value));
      if (transition) {
        vars.put("oldSelf", toCel(old));
      }
      String field = path + rule.path("fieldPath").asText("");
      Object result;
      try {
        result = program(text).eval(vars);
      } catch (Exception e) {
        result = e.getMessage();
      }
      if (!Boolean.TRUE.equals(result)) {
        out.add(new Rejection(field, rule.path("message").asText(String.valueOf(result)), "cel"));
      }
    }
    if (value.isObject()) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p ->
                  rules(
                      join(path, p.getKey()),
                      p.getValue(),
                      value.get(p.getKey()),
                      old == null ? null : old.get(p.getKey()),
                      out));
      JsonNode entries = schema.path("additionalProperties");
      if (entries.isObject()) {
        value
            .fields()
            .forEachRemaining(
                e ->
                    rules(
                        path + "[" + e.getKey() + "]",
                        entries,
                        e.getValue(),
                        old == null ? null : old.get(e.getKey()),
                        out));
      }
    } else if (value.isArray() && schema.path("items").isObject()) {
      // Atomic lists: items have no old counterpart (only keyed map-lists correlate them).
      for (int i = 0; i < value.size(); i++) {
        rules(path + "[" + i + "]", schema.path("items"), value.get(i), null, out);
      }
    }
  }

  private CelRuntime.Program program(String rule) throws Exception {
    CelRuntime.Program program = programs.get(rule);
    if (program == null) {
      program = RUNTIME.createProgram(COMPILER.compile(rule).getAst());
      programs.put(rule, program);
    }
    return program;
  }

  private static JsonNode defaulted(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (!object.has(p.getKey()) && p.getValue().has("default")) {
                  object.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (object.has(p.getKey())) {
                  defaulted(p.getValue(), object.get(p.getKey()));
                }
              });
    } else if (value != null && value.isArray() && schema.path("items").isObject()) {
      value.forEach(item -> defaulted(schema.path("items"), item));
    }
    return value;
  }

  private static Object toCel(JsonNode value) {
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

package io.clustermanagers.aws.operator.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clustermanagers.aws.operator.core.SpecError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an API server does with a CRD's structural schema before it validates: fields the schema
 * does not declare are reported (as with kubectl's default {@code --validate=strict}; the server
 * would otherwise drop them silently), and missing fields get their defaults.
 */
final class StructuralSchema {
  /** Every object carries these; the schema of a CRD does not declare them. */
  private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private StructuralSchema() {}

  /** Fields the schema does not declare, as {@code unknown field} errors. */
  static List<SpecError> unknownFields(JsonNode schema, JsonNode resource) {
    List<SpecError> errors = new ArrayList<>();
    Iterator<String> names = resource.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!OBJECT_FIELDS.contains(name)) {
        unknown(name, schema.path("properties").get(name), resource.get(name), errors);
      }
    }
    return errors;
  }

  private static void unknown(String path, JsonNode schema, JsonNode value, List<SpecError> out) {
    if (schema == null) {
      out.add(new SpecError(path, "unknown field"));
      return;
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isObject() && "object".equals(schema.path("type").asText("object"))) {
      JsonNode entries = schema.path("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (entries.isObject()) {
          unknown(path + "[" + field.getKey() + "]", entries, field.getValue(), out);
        } else {
          String child = path + "." + field.getKey();
          unknown(child, schema.path("properties").get(field.getKey()), field.getValue(), out);
        }
      }
    } else if (value.isArray() && schema.path("items").isObject()) {
      for (int i = 0; i < value.size(); i++) {
        unknown(path + "[" + i + "]", schema.path("items"), value.get(i), out);
      }
    }
  }

  /** The resource with every missing field that has a default set to it, in place. */
  static JsonNode withDefaults(JsonNode schema, JsonNode value) {
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
                  withDefaults(p.getValue(), object.get(p.getKey()));
                }
              });
      if (schema.path("additionalProperties").isObject()) {
        object.forEach(entry -> withDefaults(schema.path("additionalProperties"), entry));
      }
    } else if (value != null && value.isArray() && schema.path("items").isObject()) {
      value.forEach(item -> withDefaults(schema.path("items"), item));
    }
    return value;
  }
}

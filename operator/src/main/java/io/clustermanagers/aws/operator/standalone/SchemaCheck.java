package io.clustermanagers.aws.operator.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.clustermanagers.aws.operator.core.SpecError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What an API server checks before it stores an AwsCluster, for standalone mode, which has none:
 * undeclared fields (strictly, as kubectl does by default), the CRD's openAPIV3Schema and its CEL
 * rules. The CRD is the generated one the crds jar ships, so both modes apply the same rules.
 */
final class SchemaCheck {
  /** Where the crd-generator puts the CRD; the crds jar ships it there. */
  static final String CRD_RESOURCE = "META-INF/fabric8/awsclusters.aws.clustermanagers.io-v1.yml";

  /** Kubernetes' schema extensions: known here, checked by this class's own walks. */
  private static final List<String> KUBERNETES_KEYWORDS =
      List.of(
          "x-kubernetes-validations",
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-int-or-string",
          "x-kubernetes-embedded-resource",
          "x-kubernetes-list-type",
          "x-kubernetes-list-map-keys",
          "x-kubernetes-map-type",
          "nullable");

  private final JsonNode openApiSchema;
  private final JsonSchema schema;
  private final CelRuleCheck rules;

  /** A check against this CRD (the first version's schema). */
  SchemaCheck(JsonNode crd) {
    this.openApiSchema =
        crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    if (!openApiSchema.isObject()) {
      throw new IllegalArgumentException("no spec.versions[0].schema.openAPIV3Schema in the CRD");
    }
    JsonMetaSchema openApi =
        JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keywords(KUBERNETES_KEYWORDS.stream().map(NonValidationKeyword::new).toList())
            .build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, f -> f.metaSchema(openApi))
            .getSchema(openApiSchema);
    this.rules = new CelRuleCheck(openApiSchema);
  }

  /** A check against the AwsCluster CRD on the class path. */
  static SchemaCheck awsCluster() {
    try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the class path (crds jar)");
      }
      return new SchemaCheck(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every problem of the resource, each naming its field, in field order; empty when an API server
   * would accept it. CEL rules run once the schema is satisfied (they assume its types).
   */
  List<SpecError> check(JsonNode resource) {
    JsonNode defaulted = StructuralSchema.withDefaults(openApiSchema, resource.deepCopy());
    List<SpecError> errors =
        new ArrayList<>(StructuralSchema.unknownFields(openApiSchema, defaulted));
    for (ValidationMessage message : schema.validate(defaulted)) {
      errors.add(describe(message));
    }
    if (errors.isEmpty()) {
      errors.addAll(rules.check(defaulted));
    }
    errors.sort(Comparator.comparing(SpecError::field));
    return List.copyOf(errors);
  }

  private static SpecError describe(ValidationMessage message) {
    String field = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
    JsonNode keyword = keywordValue(message);
    JsonNode value = message.getInstanceNode();
    return switch (message.getType()) {
      case "required" -> new SpecError(join(field, message.getProperty()), "is required");
      case "maximum" ->
          new SpecError(field, "must be at most " + number(keyword) + ", got " + value);
      case "minimum" ->
          new SpecError(field, "must be at least " + number(keyword) + ", got " + value);
      case "maxLength" -> new SpecError(field, "must be at most " + keyword + " characters long");
      case "minLength" -> new SpecError(field, "must be at least " + keyword + " characters long");
      case "maxItems" -> new SpecError(field, "must have at most " + keyword + " items");
      case "maxProperties" -> new SpecError(field, "must have at most " + keyword + " entries");
      case "pattern" -> new SpecError(field, value + " does not match " + keyword.asText());
      case "enum" -> new SpecError(field, value + " is not one of " + enumValues(keyword));
      case "type" ->
          new SpecError(field, "must be of type " + keyword.asText() + ", got " + typeOf(value));
      default -> new SpecError(field, message.getError());
    };
  }

  /** {@code string "three"}, {@code number 2.5}; containers by their kind only. */
  private static String typeOf(JsonNode value) {
    String type = value.getNodeType().toString().toLowerCase(Locale.ROOT);
    return value.isContainerNode() ? type : type + " " + value;
  }

  private static JsonNode keywordValue(ValidationMessage message) {
    JsonNode node = message.getSchemaNode();
    return node != null && node.has(message.getType()) ? node.get(message.getType()) : node;
  }

  private static String number(JsonNode keyword) {
    double d = keyword.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String enumValues(JsonNode keyword) {
    List<String> values = new ArrayList<>();
    keyword.forEach(v -> values.add(v.asText()));
    return String.join(", ", values);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}

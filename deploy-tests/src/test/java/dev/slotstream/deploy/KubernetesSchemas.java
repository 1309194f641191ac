package dev.slotstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes API schemas, offline and strict: every {@code schema/validation-schema.json} on
 * the test classpath (the fabric8 model jars of deploy-tests' pom, pinned to Kubernetes 1.30 and
 * prometheus-operator's monitoring.coreos.com/v1), made strict the way kubeconform's
 * "-strict" schemas are: every object with declared properties refuses any other property, so a
 * misspelt or misplaced field fails instead of being dropped by the API server. Two
 * generator artefacts are corrected: IntOrString and Quantity are modelled as Go structs and
 * become "integer or string" and "string or number", as the API accepts them.
 */
final class KubernetesSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GENERATOR_KEYWORDS =
      Set.of("javaType", "existingJavaType", "javaInterfaces", "javaOmitEmpty", "id", "$module");

  private final ObjectNode definitions = JsonNodeFactory.instance.objectNode();
  private final Map<String, String> definitionByApiVersionAndKind = new HashMap<>();
  private final Map<String, JsonSchema> compiled = new HashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private final List<URL> sources = new ArrayList<>();

  static KubernetesSchemas load() {
    KubernetesSchemas s = new KubernetesSchemas();
    try {
      for (URL url :
          Collections.list(
              KubernetesSchemas.class
                  .getClassLoader()
                  .getResources("schema/validation-schema.json"))) {
        s.sources.add(url);
        try (InputStream in = url.openStream()) {
          Iterator<Map.Entry<String, JsonNode>> defs =
              JSON.readTree(in).path("definitions").fields();
          while (defs.hasNext()) {
            Map.Entry<String, JsonNode> d = defs.next();
            if (!s.definitions.has(d.getKey())) {
              s.definitions.set(d.getKey(), d.getValue());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    s.definitions.fieldNames().forEachRemaining(s::index);
    s.definitions.fields().forEachRemaining(e -> e.setValue(strict(e.getKey(), e.getValue())));
    return s;
  }

  List<URL> sources() {
    return sources;
  }

  private void index(String name) {
    JsonNode props = definitions.get(name).path("properties");
    String apiVersion = props.path("apiVersion").path("default").asText("");
    String kind = props.path("kind").path("default").asText("");
    if (!apiVersion.isEmpty() && !kind.isEmpty()) {
      definitionByApiVersionAndKind.putIfAbsent(apiVersion + "/" + kind, name);
    }
  }

  private static JsonNode strict(String name, JsonNode schema) {
    if (name.endsWith("_IntOrString")) {
      return anyType("integer", "string");
    }
    if (name.endsWith("_Quantity")) {
      return anyType("string", "number");
    }
    return strict(schema);
  }

  private static JsonNode anyType(String... types) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    ArrayNode t = n.putArray("type");
    for (String type : types) {
      t.add(type);
    }
    return n;
  }

  private static JsonNode strict(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(strict(e)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    node.fields()
        .forEachRemaining(
            e -> {
              String key = e.getKey();
              JsonNode value = e.getValue();
              // Draft-03 style "required": true on a property; draft-07 wants an array.
              if (GENERATOR_KEYWORDS.contains(key)
                  || (key.equals("required") && value.isBoolean())) {
                return;
              }
              if (key.equals("properties") && value.isObject()) {
                ObjectNode props = out.putObject("properties");
                value.fields().forEachRemaining(p -> props.set(p.getKey(), strict(p.getValue())));
              } else {
                out.set(key, strict(value));
              }
            });
    if (out.has("properties")
        && (!out.has("additionalProperties") || out.get("additionalProperties").isBoolean())) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  /** Schema violations of one manifest (empty = valid); an unknown apiVersion/kind is one. */
  Set<String> violations(Map<String, Object> manifest) {
    String key = manifest.get("apiVersion") + "/" + manifest.get("kind");
    String definition = definitionByApiVersionAndKind.get(key);
    Set<String> out = new TreeSet<>();
    if (definition == null) {
      out.add("no Kubernetes schema for " + key);
      return out;
    }
    JsonSchema schema = compiled.computeIfAbsent(definition, this::compile);
    for (ValidationMessage m : schema.validate(JSON.valueToTree(manifest))) {
      out.add(m.getMessage());
    }
    return out;
  }

  private JsonSchema compile(String definition) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("$ref", "#/definitions/" + definition);
    root.set("definitions", definitions);
    return factory.getSchema(root);
  }
}

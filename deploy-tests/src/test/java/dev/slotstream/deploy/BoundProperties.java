package dev.slotstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.node.NodeAutoConfiguration;
import java.beans.Introspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The properties the services bind, by canonical name ({@code slotstream.protocol.chain-id}) with
 * their Java type, from
 * <ul>
 *   <li>every {@code META-INF/spring-configuration-metadata.json} on the test classpath (written by
 *       spring-boot-configuration-processor: node-support, node-chain, gossip-kafka, proposer- and
 *       validator-service, Spring Boot's own for spring.* and server.*), and
 *   <li>a reflective walk of the @ConfigurationProperties classes of the services built without the
 *       processor (attestation-service, l1-publisher-service's slotstream.l1), plus the one property node-support
 *       reads straight from the Environment ({@link NodeAutoConfiguration#CHART_KEY_DIR_PROPERTY}).
 * </ul>
 * An environment variable name is matched against them with Spring Boot's own relaxed-binding rules
 * for the system environment (a {@link SystemEnvironmentPropertySource}), so {@code _} for {@code .}
 * and {@code -}, dashes dropped, list indices and map keys are treated exactly as at run time.
 */
final class BoundProperties {

  /** Classes read reflectively: their modules have no configuration processor. */
  static final List<String> REFLECTED_CLASSES =
      List.of(
          "dev.slotstream.attestation.config.AttestationProperties",
          "dev.slotstream.l1publisher.tx.L1TxProperties",
          "dev.slotstream.l1publisher.publish.PublisherProperties",
          "dev.slotstream.node.l1.ConfigCheckProperties");

  private final Map<String, String> typeByName = new TreeMap<>();
  private final List<URL> metadataFiles = new ArrayList<>();

  static BoundProperties load() {
    BoundProperties p = new BoundProperties();
    p.readMetadata();
    for (String className : REFLECTED_CLASSES) {
      p.reflect(className);
    }
    p.typeByName.put(NodeAutoConfiguration.CHART_KEY_DIR_PROPERTY, "java.lang.String");
    return p;
  }

  private void readMetadata() {
    ObjectMapper json = new ObjectMapper();
    try {
      Enumeration<URL> urls =
          getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
      for (URL url : Collections.list(urls)) {
        metadataFiles.add(url);
        try (InputStream in = url.openStream()) {
          JsonNode root = json.readTree(in);
          for (JsonNode prop : root.path("properties")) {
            typeByName.putIfAbsent(
                prop.path("name").asText(), prop.path("type").asText("java.lang.Object"));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void reflect(String className) {
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          className + " is not on the test classpath (is its module built?)", e);
    }
    ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
    if (annotation == null) {
      throw new AssertionError(className + " is not a @ConfigurationProperties class");
    }
    String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    reflect(prefix, type);
  }

  private void reflect(String prefix, Class<?> type) {
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        add(prefix, c.getName(), c.getType(), c.getGenericType());
      }
      return;
    }
    for (Method m : type.getMethods()) {
      if (m.getName().startsWith("set")
          && m.getParameterCount() == 1
          && m.getDeclaringClass() == type) {
        add(
            prefix,
            Introspector.decapitalize(m.getName().substring(3)),
            m.getParameterTypes()[0],
            m.getGenericParameterTypes()[0]);
      }
    }
  }

  private void add(String prefix, String javaName, Class<?> raw, Type generic) {
    String name = prefix + "." + DataObjectPropertyName.toDashedForm(javaName);
    boolean nested = raw.getPackageName().startsWith("dev.slotstream") && !raw.isEnum();
    if (nested) {
      reflect(name, raw);
    } else {
      typeByName.put(name, generic.getTypeName());
    }
  }

  List<URL> metadataFiles() {
    return metadataFiles;
  }

  Map<String, String> all() {
    return typeByName;
  }

  /**
   * The bound property the environment variable sets: the exact property, or for a List or Map
   * property one of its elements (SLOTSTREAM_PROTOCOL_VALIDATORS_0, SLOTSTREAM_CHAIN_GENESISBALANCES_0XAB..).
   */
  Optional<String> propertyOf(String envVarName) {
    SystemEnvironmentPropertySource env =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(envVarName, "x"));
    ConfigurationPropertySource source = ConfigurationPropertySource.from(env);
    for (Map.Entry<String, String> p : typeByName.entrySet()) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(p.getKey());
      if (source.getConfigurationProperty(name) != null) {
        return Optional.of(p.getKey());
      }
      if (isAggregate(p.getValue())
          && source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
        return Optional.of(p.getKey() + "[*]");
      }
    }
    return Optional.empty();
  }

  private static boolean isAggregate(String type) {
    String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
    if (raw.endsWith("[]")) {
      return true;
    }
    if (!raw.startsWith("java.")) {
      return false; // loading other types could drag in optional classes Spring Boot's metadata
      // names
    }
    try {
      Class<?> c = Class.forName(raw);
      return Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}

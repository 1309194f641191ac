package dev.slotstream.deploy;

import static dev.slotstream.deploy.Deployments.container;
import static dev.slotstream.deploy.Deployments.find;
import static dev.slotstream.deploy.Deployments.list;
import static dev.slotstream.deploy.Deployments.map;
import static dev.slotstream.deploy.Deployments.path;
import static dev.slotstream.deploy.Deployments.podSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The chart's Kafka access control, run live (one subclass per way of authenticating): the chart
 * rendered with a Secret per role, a real KRaft broker with TLS, that authentication and the
 * StandardAuthorizer (no ACL of its own), the rendered ACL Job's command run in a container of the
 * Job's image as the Job's pod would run it (its env, user, read-only root, the admin Secret
 * mounted where the Job mounts it), then for each role a Kafka client built from the rendered
 * workload's SPRING_KAFKA_* env through Spring Boot's own binding (as the services build theirs),
 * checked against the broker: it declares the topics, writes its own gossip topics and the
 * dead-letter topics, reads every gossip topic in its own consumer groups, and is refused every
 * other role's topic and a foreign group.
 *
 * <p>No Kubernetes API server can run here: what this covers is what the kubelet would hand the
 * containers (Secrets resolved, {@code $(VAR)} expanded), not the scheduling. The host reaches the
 * broker through a published listener with the same security settings, so the rendered bootstrap
 * address (the broker's name on the test's Docker network, which the Job uses) is replaced for the
 * role clients only.
 *
 * <p>Skipped, with the reason, where no Docker engine answers or no Kafka image is present (no
 * registry here: {@code docker/offline/build-base-images.sh} builds one; {@code .ci/run} does so).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaAclsLive {
  static final String PREFIX = "slotstream-live";
  static final List<String> GOSSIP =
      List.of(
          "tx",
          "block_proposal",
          "checkpoint_proposal",
          "checkpoint_attestation",
          "checkpoint_quorum");
  static final List<String> ROLES = List.of("proposer", "validator", "attestation", "l1Publisher");

  /** Who writes which gossip topic (issue 8 §4), written out here rather than read from the chart. */
  static final Map<String, Set<String>> WRITES =
      Map.of(
          "proposer", Set.of("tx", "block_proposal", "checkpoint_proposal"),
          "validator", Set.of("checkpoint_attestation"),
          "attestation", Set.of("checkpoint_quorum"),
          "l1Publisher", Set.of());

  /** A pod name of each role's workload (the gossip node id of most of them). */
  static final Map<String, String> POD =
      Map.of(
          "proposer", "ss-slotstream-proposer-6d5f7c9b8-q2w4e",
          "validator", "ss-slotstream-validator-1",
          "attestation", "ss-slotstream-attestation-7c8d9f6b5-x7k2m",
          "l1Publisher", "ss-slotstream-l1-publisher-5b6c7d8e9-r4t6y");

  /** The Kafka image the Job renders by default (kafka.acls.image), then the offline one. */
  static final List<String> IMAGES =
      List.of("apache/kafka:3.9.1", "slotstream-offline/kafka:3.9.2");

  static final String ADMIN_SECRET = "kafka-admin-client";
  static final String CA_SECRET = "kafka-ca";

  /** Where the Job mounts the admin Secret (kafka-acls-job.yaml). */
  static final String ADMIN_MOUNT = "/etc/kafka-admin/";

  private static final String CLUSTER_ID = "IHI7H4fzS321hnQAHb6Nww";

  final SecureRandom random = new SecureRandom();
  final TestPki pki = new TestPki("slotstream-test-ca");

  /** The Secrets the release would find in its namespace: name -> key -> value. */
  final Map<String, Map<String, byte[]>> secrets = new HashMap<>();

  String run;
  String broker;
  int port;
  private String network;
  private Path work;
  private List<Map<String, Object>> docs;

  /** The chart's kafka.securityProtocol and the broker's client listeners' protocol. */
  abstract String protocol();

  /** The chart values of this way of authenticating (--set pairs), besides the protocol. */
  abstract List<Object> securityValues();

  /**
   * Adds each role's Secret (kafka-user-&lt;role&gt;) and the Job's admin Secret ({@link
   * #ADMIN_SECRET}: client.properties and the files it names under {@link #ADMIN_MOUNT}).
   */
  abstract void addSecrets();

  /** server.properties lines of this way of authenticating, super.users among them. */
  abstract List<String> brokerSecurity();

  /** kafka-storage.sh format arguments (SCRAM users), or none. */
  abstract String formatArguments();

  /** What the role's client configuration must say about its identity. */
  abstract void assertIdentity(String role, Map<String, Object> clientConfig);

  Stream<String> roles() {
    return ROLES.stream();
  }

  static String secretOf(String role) {
    return "kafka-user-" + roleName(role);
  }

  static String roleName(String role) {
    return role.equals("l1Publisher") ? "l1-publisher" : role;
  }

  @BeforeAll
  void up() throws Exception {
    Optional<String> why = Docker.unavailable();
    if (why.isPresent()) {
      skip(why.get());
    }
    String image =
        Optional.ofNullable(System.getenv("KAFKA_IMAGE"))
            .filter(s -> !s.isBlank())
            .or(() -> IMAGES.stream().filter(Docker::imagePresent).findFirst())
            .orElse(null);
    if (image == null || !Docker.imagePresent(image)) {
      skip(
          "no Kafka image in the engine and no registry to pull one: "
              + (image == null ? String.join(" or ", IMAGES) : image)
              + " (docker/offline/build-base-images.sh builds the offline one)");
    }
    run = "slotstream-acls-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    network = run;
    broker = run + "-kafka";
    port = Docker.freePort();
    work = Files.createTempDirectory(run);
    secrets.put(CA_SECRET, Map.of("ca.crt", bytes(pki.ca().certificatePem())));
    // Referenced by the publisher's env, not used here.
    secrets.put(
        "slotstream-l1-publisher-key", Map.of("private-key", bytes("0x" + "11".repeat(32))));
    addSecrets();
    List<Object> values =
        new ArrayList<>(
            List.of(
                "protocol.networkPrefix",
                PREFIX,
                "kafka.bootstrapServers",
                broker + ":9092",
                "kafka.securityProtocol",
                protocol(),
                "kafka.tls.caSecret",
                CA_SECRET,
                "kafka.acls.create",
                true,
                // Helm's template output leaves hooks out: the plain Job renders the same script.
                "kafka.acls.helmHook",
                false,
                "kafka.acls.adminSecret",
                ADMIN_SECRET,
                "kafka.acls.image",
                image));
    for (String role : ROLES) {
      values.addAll(List.of("kafka.credentials." + role + ".existingSecret", secretOf(role)));
    }
    values.addAll(securityValues());
    docs = Deployments.render(values.toArray());
    long t0 = System.nanoTime();
    docker("network", "create", network);
    startBroker(image);
    try (Admin admin = Admin.create(superUser())) {
      try {
        await("broker answers")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(() -> admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS) != null);
      } catch (RuntimeException e) {
        throw new AssertionError(
            "broker did not answer; its log:\n"
                + Docker.run(
                        List.of("docker", "logs", "--tail", "60", broker), Duration.ofSeconds(30))
                    .output(),
            e);
      }
      long t1 = System.nanoTime();
      Docker.Result job = runAclJob();
      long t2 = System.nanoTime();
      System.out.printf(
          "%s: %s, image %s, broker up in %d ms, ACL Job exit %d in %d ms%n",
          getClass().getSimpleName(),
          protocol(),
          image,
          TimeUnit.NANOSECONDS.toMillis(t1 - t0),
          job.exitCode(),
          TimeUnit.NANOSECONDS.toMillis(t2 - t1));
      assertThat(job.exitCode())
          .as("the rendered ACL Job's exit code; its output:\n%s", job.output())
          .isZero();
      // The topics exist before the roles try to declare them, each with one record to read.
      admin.createTopics(declared()).all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<byte[], byte[]> seed = new KafkaProducer<>(producerConfig(superUser()))) {
      for (String t : GOSSIP) {
        seed.send(new ProducerRecord<>(topic(t), new byte[] {1})).get(30, TimeUnit.SECONDS);
      }
    }
  }

  @AfterAll
  void down() throws IOException {
    if (broker != null) {
      Docker.run(List.of("docker", "rm", "-f", broker), Duration.ofSeconds(60));
      Docker.run(List.of("docker", "network", "rm", network), Duration.ofSeconds(30));
    }
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("roles")
  void roleClientFromTheRenderedEnvAuthenticatesAndDeclaresTheTopics(String role) throws Exception {
    Map<String, Object> config = kafka(role).buildAdminProperties(null);
    assertThat(config).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol());
    assertThat(config.values()).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("$("));
    assertIdentity(role, config);
    try (Admin client = Admin.create(config)) {
      assertThat(client.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
      // What Spring's KafkaAdmin does at start-up: a topic that exists is fine, a refusal is not.
      CreateTopicsResult created = client.createTopics(declared());
      for (NewTopic t : declared()) {
        assertThat(catchThrowable(() -> created.values().get(t.name()).get(30, TimeUnit.SECONDS)))
            .as("%s declares %s", role, t.name())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicExistsException.class);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("roles")
  void roleWritesItsOwnTopicsAndTheDeadLetterTopics(String role) throws Exception {
    List<String> allowed = new ArrayList<>();
    WRITES.get(role).forEach(t -> allowed.add(topic(t)));
    GOSSIP.forEach(t -> allowed.add(topic(t) + ".DLT"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig(kafka(role).buildProducerProperties(null)))) {
      for (String t : allowed) {
        assertThat(producer.send(new ProducerRecord<>(t, new byte[] {2})).get(30, TimeUnit.SECONDS))
            .as("%s writes %s", role, t)
            .isNotNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("roles")
  void roleCannotWriteAnotherRolesTopic(String role) {
    KafkaProperties kafka = kafka(role);
    List<String> forbidden = GOSSIP.stream().filter(t -> !WRITES.get(role).contains(t)).toList();
    for (String t : forbidden) {
      // A producer per topic: each refusal is checked on its own.
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(producerConfig(kafka.buildProducerProperties(null)))) {
        assertThat(
                catchThrowable(
                    () ->
                        producer
                            .send(new ProducerRecord<>(topic(t), new byte[] {3}))
                            .get(30, TimeUnit.SECONDS)))
            .as("%s writes %s", role, topic(t))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("roles")
  void roleReadsEveryGossipTopicInItsOwnGroupsAndNoOtherGroup(String role) {
    Map<String, String> env = podEnv(role);
    KafkaProperties kafka = kafka(role);
    List<String> topics = GOSSIP.stream().map(KafkaAclsLive::topic).toList();
    for (String group : groups(role, env)) {
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, group)) {
        consumer.subscribe(topics);
        Set<String> seen = new HashSet<>();
        await(role + " reads every gossip topic in group " + group)
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.topic());
                  }
                  return seen.containsAll(topics);
                });
        consumer.commitSync(Duration.ofSeconds(30));
      }
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, "someone-else")) {
      consumer.subscribe(topics);
      assertThat(
              catchThrowable(
                  () -> {
                    for (int i = 0; i < 150; i++) {
                      consumer.poll(Duration.ofMillis(200));
                    }
                  }))
          .as("%s consumes in a group of no role", role)
          .isInstanceOf(GroupAuthorizationException.class);
    }
  }

  /**
   * The consumer groups a role's service joins, by its own defaults: the gossip node id, plus the
   * attestation service's shared group and the L1 publishers' leader group.
   */
  private static List<String> groups(String role, Map<String, String> env) {
    List<String> groups = new ArrayList<>();
    groups.add(env.get("SLOTSTREAM_GOSSIP_NODE_ID"));
    if (role.equals("attestation")) {
      groups.add(env.getOrDefault("SLOTSTREAM_ATTESTATION_CONSUMER_GROUP", "attestation-service"));
    }
    if (role.equals("l1Publisher")) {
      groups.add(env.get("SLOTSTREAM_GOSSIP_NETWORK_PREFIX") + ".l1-publisher");
    }
    assertThat(groups).doesNotContainNull();
    return groups;
  }

  static String topic(String gossip) {
    return PREFIX + "." + gossip;
  }

  private static List<NewTopic> declared() {
    List<NewTopic> topics = new ArrayList<>();
    for (String t : GOSSIP) {
      topics.add(new NewTopic(topic(t), 1, (short) 1));
      topics.add(new NewTopic(topic(t) + ".DLT", 1, (short) 1));
    }
    return topics;
  }

  String password() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The broker's certificate: its name on the Docker network for the Job, localhost for the host. */
  TestPki.Identity brokerIdentity() {
    return pki.issue(broker, List.of(broker, "localhost"), List.of("127.0.0.1"));
  }

  /**
   * One KRaft node: the client listeners INTERNAL (the Job, on the Docker network) and EXTERNAL
   * (published to the host) with this case's protocol over TLS; the broker's own listener and the
   * controller's are PLAINTEXT on the container's loopback only, their principal (ANONYMOUS) a
   * super user, as docker/kafka/start.sh does for the controller. The StandardAuthorizer denies
   * what no ACL allows.
   */
  private void startBroker(String image) throws IOException {
    Path conf = Files.createDirectories(work.resolve("broker"));
    char[] storePassword = password().toCharArray();
    Files.write(
        conf.resolve("broker.p12"), brokerIdentity().pkcs12(storePassword, pki.ca().certificate()));
    Files.writeString(conf.resolve("ca.crt"), pki.ca().certificatePem());
    List<String> lines =
        new ArrayList<>(
            List.of(
                "node.id=1",
                "process.roles=broker,controller",
                "controller.quorum.voters=1@localhost:9093",
                "listeners=INTERNAL://:9092,EXTERNAL://:9094,BROKER://localhost:9095,CONTROLLER://localhost:9093",
                "advertised.listeners=INTERNAL://"
                    + broker
                    + ":9092,EXTERNAL://localhost:"
                    + port
                    + ",BROKER://localhost:9095",
                "listener.security.protocol.map=INTERNAL:"
                    + protocol()
                    + ",EXTERNAL:"
                    + protocol()
                    + ",BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=BROKER",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=/slotstream/broker.p12",
                "ssl.keystore.password=" + new String(storePassword),
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=/slotstream/ca.crt",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=/tmp/kafka-data",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0"));
    lines.addAll(brokerSecurity());
    Files.writeString(conf.resolve("server.properties"), String.join("\n", lines) + "\n");
    for (Path f :
        List.of(
            conf.resolve("broker.p12"),
            conf.resolve("ca.crt"),
            conf.resolve("server.properties"))) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    }
    String script =
        "set -e; /opt/kafka/bin/kafka-storage.sh format -t "
            + CLUSTER_ID
            + " -c /slotstream/server.properties"
            + formatArguments()
            + " >/dev/null; exec /opt/kafka/bin/kafka-server-start.sh /slotstream/server.properties";
    docker(
        "run",
        "-d",
        "--name",
        broker,
        "--network",
        network,
        "-p",
        "127.0.0.1:" + port + ":9094",
        "-v",
        conf + ":/slotstream:ro",
        "-e",
        "KAFKA_HEAP_OPTS=-Xms128m -Xmx384m",
        "-e",
        "KAFKA_JVM_PERFORMANCE_OPTS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
        "--entrypoint",
        "/bin/bash",
        image,
        "-c",
        script);
  }

  /**
   * Runs the rendered Job's container as its pod would: image, command, env (Secret references
   * resolved), the emptyDir and Secret volumes at their mount paths (Secret files readable by the
   * pod's fsGroup, as the kubelet leaves them), the pod's user and group, and the container's
   * read-only root, dropped capabilities, no privilege escalation and memory limit.
   */
  @SuppressWarnings("unchecked")
  Docker.Result runAclJob() throws IOException {
    Map<String, Object> job = job();
    Map<String, Object> pod = podSpec(job);
    Map<String, Object> c = container(job);
    List<String> cmd =
        new ArrayList<>(
            List.of("docker", "run", "--rm", "--name", run + "-acls", "--network", network));
    Map<String, Object> podSecurity =
        (Map<String, Object>) pod.getOrDefault("securityContext", Map.of());
    Object fsGroup = podSecurity.get("fsGroup");
    if (podSecurity.get("runAsUser") != null) {
      cmd.addAll(
          List.of(
              "--user",
              podSecurity.get("runAsUser") + ":" + podSecurity.getOrDefault("runAsGroup", 0)));
    }
    if (fsGroup != null) {
      cmd.addAll(List.of("--group-add", fsGroup.toString()));
    }
    Map<String, Object> security =
        (Map<String, Object>) c.getOrDefault("securityContext", Map.of());
    if (Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
      cmd.add("--read-only");
    }
    if (Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
      cmd.addAll(List.of("--security-opt", "no-new-privileges"));
    }
    Object drop = path(security, "capabilities", "drop");
    if (drop != null) {
      for (Object cap : (List<Object>) drop) {
        cmd.addAll(List.of("--cap-drop", cap.toString()));
      }
    }
    Object memory = path(c, "resources", "limits", "memory");
    if (memory != null) {
      cmd.addAll(List.of("--memory", dockerMemory(memory.toString())));
    }
    for (Map<String, Object> e : (List<Map<String, Object>>) c.getOrDefault("env", List.of())) {
      String value;
      if (e.containsKey("value")) {
        value = String.valueOf(e.get("value"));
      } else if (path(e, "valueFrom", "secretKeyRef") != null) {
        value =
            secret(
                (String) path(e, "valueFrom", "secretKeyRef", "name"),
                (String) path(e, "valueFrom", "secretKeyRef", "key"));
      } else {
        throw new AssertionError("Job env " + e.get("name") + ": unsupported source " + e);
      }
      cmd.addAll(List.of("-e", e.get("name") + "=" + value));
    }
    Map<String, Map<String, Object>> volumes = new HashMap<>();
    for (Map<String, Object> v : list(pod, "volumes")) {
      volumes.put((String) v.get("name"), v);
    }
    for (Map<String, Object> m : list(c, "volumeMounts")) {
      Map<String, Object> v = volumes.get((String) m.get("name"));
      String mountPath = (String) m.get("mountPath");
      if (v.containsKey("emptyDir")) {
        cmd.addAll(List.of("--tmpfs", mountPath + ":mode=1777"));
      } else if (v.containsKey("secret")) {
        Path dir = secretVolume((String) map(v, "secret").get("secretName"));
        cmd.addAll(
            List.of(
                "-v",
                dir + ":" + mountPath + (Boolean.TRUE.equals(m.get("readOnly")) ? ":ro" : "")));
      } else {
        throw new AssertionError("Job volume " + v.get("name") + ": unsupported type " + v);
      }
    }
    List<String> command = (List<String>) c.get("command");
    cmd.addAll(List.of("--entrypoint", command.get(0), (String) c.get("image")));
    cmd.addAll(command.subList(1, command.size()));
    Object args = c.get("args");
    if (args != null) {
      cmd.addAll((List<String>) args);
    }
    return Docker.run(cmd, Duration.ofMinutes(5));
  }

  private Map<String, Object> job() {
    return find(docs, "Job", "ss-slotstream-kafka-acls-1")
        .orElseThrow(() -> new AssertionError("the ACL Job is not rendered"));
  }

  /**
   * A Secret volume's files as the kubelet writes them for the Job's pod: each key a file, group
   * the pod's fsGroup, mode 0440.
   */
  @SuppressWarnings("unchecked")
  private Path secretVolume(String name) throws IOException {
    Object fsGroup =
        ((Map<String, Object>) podSpec(job()).getOrDefault("securityContext", Map.of()))
            .get("fsGroup");
    Map<String, byte[]> data = secrets.get(name);
    assertThat(data).as("Secret %s mounted by the Job", name).isNotNull();
    Path dir = work.resolve("secret-" + name);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Map.Entry<String, byte[]> entry : data.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      Files.write(file, entry.getValue());
      try {
        if (fsGroup != null) {
          Files.setAttribute(file, "unix:gid", Integer.parseInt(fsGroup.toString()));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
      } catch (IOException | UnsupportedOperationException e) {
        // Not root: the pod's group cannot be given the file, so everyone may read it.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      }
    }
    return dir;
  }

  private static String dockerMemory(String quantity) {
    if (quantity.endsWith("Mi")) {
      return quantity.substring(0, quantity.length() - 2) + "m";
    }
    if (quantity.endsWith("Gi")) {
      return quantity.substring(0, quantity.length() - 2) + "g";
    }
    throw new AssertionError("memory limit " + quantity + ": only Mi and Gi are translated");
  }

  String secret(String name, String key) {
    Map<String, byte[]> data = secrets.get(name);
    if (data == null || !data.containsKey(key)) {
      throw new AssertionError(
          "the pod refers to Secret "
              + name
              + " key "
              + key
              + ", which the test does not hold: it would not start");
    }
    return new String(data.get(key), StandardCharsets.UTF_8);
  }

  /**
   * The environment the kubelet gives a role's container: the rendered env with Secret references
   * resolved from the test's Secrets and {@code $(VAR)} expanded against the variables before it.
   */
  Map<String, String> podEnv(String role) {
    Integer index = role.equals("validator") ? 1 : null;
    Map<String, String> env = new LinkedHashMap<>();
    Deployments.podEnv(docs, roleName(role), POD.get(role), index)
        .forEach(
            (name, value) -> {
              String resolved = value;
              if (value.startsWith("secret:")) {
                String ref = value.substring("secret:".length());
                resolved =
                    secret(ref.substring(0, ref.indexOf('/')), ref.substring(ref.indexOf('/') + 1));
              }
              env.put(name, expand(resolved, env));
            });
    return env;
  }

  /** Kubernetes' dependent variables: $(NAME) of an earlier variable is replaced, $$ is $. */
  static String expand(String value, Map<String, String> earlier) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char ch = value.charAt(i);
      if (ch == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (ch == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(') {
        int end = value.indexOf(')', i + 2);
        String name = end < 0 ? null : value.substring(i + 2, end);
        if (name != null && earlier.containsKey(name)) {
          out.append(earlier.get(name));
          i = end + 1;
        } else {
          out.append(ch);
          i++;
        }
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * spring.kafka.* bound from the role's pod env by Spring Boot (the services' KafkaProperties),
   * the bootstrap address replaced by the broker's published listener.
   */
  KafkaProperties kafka(String role) {
    Map<String, Object> source = new HashMap<>(podEnv(role));
    source.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + port);
    SystemEnvironmentPropertySource env =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
    return new Binder(ConfigurationPropertySources.from(env))
        .bind("spring.kafka", KafkaProperties.class)
        .orElseGet(KafkaProperties::new);
  }

  /** As gossip-kafka's producer: idempotent, acks=all; short timeouts for a refusal to show. */
  private static Map<String, Object> producerConfig(Map<String, Object> base) {
    Map<String, Object> config = new HashMap<>(base);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    return config;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaProperties kafka, String group) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties(null));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(config);
  }

  /**
   * The test's own super user: the admin client configuration the Job is given, its files read
   * from the host's copy of the admin Secret.
   */
  private Map<String, Object> superUser() throws IOException {
    Path dir = secretVolume(ADMIN_SECRET);
    Properties p = new Properties();
    try {
      p.load(new StringReader(secret(ADMIN_SECRET, "client.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> config = new HashMap<>();
    p.forEach(
        (k, v) -> {
          String value = (String) v;
          config.put(
              (String) k,
              value.startsWith(ADMIN_MOUNT)
                  ? dir.resolve(value.substring(ADMIN_MOUNT.length())).toString()
                  : value);
        });
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
    return config;
  }

  private static void docker(String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    Docker.Result r = Docker.run(cmd, Duration.ofMinutes(2));
    assertThat(r.ok()).as("%s:\n%s", String.join(" ", cmd), r.output()).isTrue();
  }

  private void skip(String reason) {
    System.out.println(getClass().getSimpleName() + " skipped: " + reason);
    Assumptions.abort(getClass().getSimpleName() + " skipped: " + reason);
  }
}

package dev.slotstream.deploy;

import static dev.slotstream.deploy.Deployments.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.gossip.GossipProperties;
import dev.slotstream.node.InstantPropertyConverter;
import dev.slotstream.node.NodeKeys;
import dev.slotstream.node.NodeKeysProperties;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.node.chain.ChainProperties;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Spring Boot ignores an environment variable that names no property, so a deployment can look
 * right and configure nothing. These tests take every variable the Helm chart and docker-compose.yml
 * set and check it against the properties the code binds; then they bind each workload's
 * environment over its service's application.yml, as Spring does at start-up, and check the values
 * the nodes end up with (node id, keys, signing record, validator set, genesis).
 */
class EnvironmentBindingTest {

  private static final Set<String> SPRING_PREFIXES = Set.of("SLOTSTREAM_", "SPRING_", "SERVER_");
  private static final Instant GENESIS = Instant.ofEpochSecond(1767225600);
  private static final List<String> COMPOSE_VALIDATORS =
      List.of("validator-0", "validator-1", "validator-2", "validator-3");

  private static BoundProperties bound;

  @BeforeAll
  static void load() {
    bound = BoundProperties.load();
  }

  // --- names ---

  @Test
  void knowsThePropertiesOfEveryModuleFromMetadataAndReflection() {
    assertThat(bound.metadataFiles())
        .as("spring-configuration-metadata.json on the test classpath")
        .anyMatch(u -> u.toString().contains("node-support"))
        .anyMatch(u -> u.toString().contains("node-chain"))
        .anyMatch(u -> u.toString().contains("gossip-kafka"))
        .anyMatch(u -> u.toString().contains("proposer-service"))
        .anyMatch(u -> u.toString().contains("validator-service"));
    assertThat(bound.all())
        .containsKeys(
            "slotstream.protocol.chain-id",
            "slotstream.protocol.validator-seeds",
            "slotstream.protocol.timetable.attestation-deadline-offset",
            "slotstream.node.key-dir",
            "slotstream.node.key-ordinal",
            "slotstream.node.key-seeds",
            "slotstream.chain.signing-record-dir",
            "slotstream.chain.genesis-balances",
            "slotstream.gossip.node-id",
            "slotstream.gossip.network-prefix",
            "slotstream.proposer.fee-per-l2-gas",
            "slotstream.validator.catch-up",
            "slotstream.attestation.consumer-group",
            "slotstream.validator.key-dir",
            "spring.kafka.bootstrap-servers",
            "spring.data.redis.host",
            "spring.data.redis.password",
            "server.port");
  }

  @Test
  void relaxedBindingMatchesLikeSpringDoes() {
    assertThat(bound.propertyOf("SLOTSTREAM_PROTOCOL_CHAIN_ID"))
        .contains("slotstream.protocol.chain-id");
    assertThat(bound.propertyOf("SLOTSTREAM_PROTOCOL_CHAINID"))
        .contains("slotstream.protocol.chain-id");
    assertThat(bound.propertyOf("SLOTSTREAM_PROTOCOL_VALIDATORS_0"))
        .contains("slotstream.protocol.validators[*]");
    assertThat(
            bound.propertyOf(
                "SLOTSTREAM_CHAIN_GENESISBALANCES_0XF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"))
        .contains("slotstream.chain.genesis-balances[*]");
    // The publisher's L1 settings (compose sets them; no configuration processor in its module).
    assertThat(bound.propertyOf("SLOTSTREAM_L1_RPC_URL")).contains("slotstream.l1.rpc-url");
    assertThat(bound.propertyOf("SLOTSTREAM_L1_PRIVATE_KEY")).contains("slotstream.l1.private-key");
    assertThat(bound.propertyOf("SLOTSTREAM_VALIDATOR_KEY_DIR"))
        .contains("slotstream.validator.key-dir");
    // What the chart and compose used to set: bound by nothing.
    assertThat(bound.propertyOf("SLOTSTREAM_VALIDATOR_SIGNING_RECORD_DIR")).isEmpty();
    assertThat(bound.propertyOf("SLOTSTREAM_L1_RPC_URL")).contains("slotstream.l1.rpc-url");
    assertThat(bound.propertyOf("SLOTSTREAM_L1_RPCURL_X")).isEmpty();
    assertThat(bound.propertyOf("SLOTSTREAM_PROTOCOL_CHAIN_ID_X")).isEmpty();
  }

  @Test
  void everyVariableTheChartSetsIsBound() {
    List<String> names = new ArrayList<>(Deployments.chartEnvNames(Deployments.render()));
    names.addAll(Deployments.chartEnvNames(Deployments.render(everyOption())));
    assertAllBound("helm chart", names);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyVariableDockerComposeSetsIsBound() {
    List<String> names = new ArrayList<>();
    Deployments.composeServices()
        .forEach(
            (service, def) -> {
              Object env = ((Map<String, Object>) def).get("environment");
              if (env != null) {
                names.addAll(((Map<String, Object>) env).keySet());
              }
            });
    assertThat(names).contains("SLOTSTREAM_GOSSIP_NODE_ID", "SLOTSTREAM_NODE_KEY_SEEDS");
    assertAllBound("docker-compose.yml", names);
  }

  private static void assertAllBound(String what, List<String> names) {
    Set<String> unbound = new TreeSet<>();
    Set<String> checked = new TreeSet<>();
    for (String name : names) {
      if (SPRING_PREFIXES.stream().anyMatch(name::startsWith)) {
        checked.add(name);
        if (bound.propertyOf(name).isEmpty()) {
          unbound.add(name);
        }
      }
    }
    assertThat(checked).as(what).isNotEmpty();
    assertThat(unbound)
        .as("%s sets variables no property binds (Spring ignores them)", what)
        .isEmpty();
  }

  /** Chart values that switch on every optional variable. */
  private static Object[] everyOption() {
    List<Object> sets =
        new ArrayList<>(
            List.of(
                "protocol.validatorSeeds", "null",
                "protocol.validators[0]", "0x1111111111111111111111111111111111111111",
                "protocol.validators[1]", "0x2222222222222222222222222222222222222222",
                "protocol.validators[2]", "0x3333333333333333333333333333333333333333",
                "chain.genesisBalances.0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", 1000,
                "redis.existingSecret", "redis",
                "proposer.nodeId", "proposer-a"));
    for (String f :
        List.of(
            "slotDuration",
            "blockDuration",
            "minBlockDuration",
            "blockBuildOffset",
            "checkpointProposalOffset",
            "proposalPropagation",
            "attestationDeadlineOffset",
            "l1PublishOffset",
            "clockTolerance")) {
      sets.addAll(List.of("protocol.timetable.overrides." + f, "1s"));
    }
    sets.addAll(
        List.of(
            "protocol.timetable.overrides.epochLength",
            8,
            "protocol.timetable.overrides.maxBlocksPerCheckpoint",
            5));
    for (String s :
        List.of(
            "enabled",
            "maxTxsPerBlock",
            "maxManaPerBlock",
            "lastBlockBudget",
            "includeTxs",
            "feePerDaGas",
            "feePerL2Gas",
            "broadcastTimeout",
            "txPublishTimeout")) {
      sets.addAll(List.of("proposer.settings." + s, "1"));
    }
    sets.addAll(
        List.of(
            "proposer.settings.coinbase",
            "0x4444444444444444444444444444444444444444",
            "proposer.settings.feeRecipient",
            "0x4444444444444444444444444444444444444444"));
    for (String s :
        List.of("catchUp", "recentOutcomes", "maxEvidence", "attestationPublishTimeout")) {
      sets.addAll(List.of("validator.settings." + s, "1"));
    }
    for (String s :
        List.of("consumerGroup", "redisKeyPrefix", "retainSlots", "slotCapacityPerMember")) {
      sets.addAll(List.of("attestation.settings." + s, "2"));
    }
    for (String s :
        List.of(
            "confirmations",
            "feeCapGwei",
            "priorityFeeGwei",
            "baseFeeMultiplier",
            "gasBufferPercent",
            "feeBumpPercent",
            "maxReplacements",
            "stallBlocks",
            "stallTimeout",
            "receiptPollInterval",
            "cancelTimeout",
            "outagePause")) {
      sets.addAll(List.of("l1Publisher.settings." + s, "3"));
    }
    // Kafka authentication (SASL over TLS): its SPRING_KAFKA_* variables must bind too.
    sets.addAll(List.of("kafka.securityProtocol", "SASL_SSL", "kafka.tls.caSecret", "ca"));
    for (String role : List.of("proposer", "validator", "attestation", "l1Publisher")) {
      sets.addAll(
          List.of(
              "kafka.credentials." + role + ".existingSecret",
              "kafka-" + role.toLowerCase(java.util.Locale.ROOT)));
    }
    return sets.toArray();
  }

  // --- values, chart ---

  @Test
  void chartValidatorPodBindsItsNodeIdKeyAndSigningRecord(@TempDir Path keyDir) throws IOException {
    List<Map<String, Object>> docs = Deployments.render();
    String pod = RELEASE + "-slotstream-validator-1";
    Binder binder = binder("validator-service", Deployments.podEnv(docs, "validator", pod, 1));

    assertThat(gossip(binder).getNodeId()).isEqualTo(pod);
    assertThat(gossip(binder).getNetworkPrefix()).isEqualTo("slotstream-devnet");
    ChainProperties chain = binder.bind("slotstream.chain", ChainProperties.class).get();
    assertThat(chain.signingRecordDir()).isEqualTo(Path.of("/var/lib/slotstream/validator"));
    NodeKeysProperties keys = binder.bind("slotstream.node", NodeKeysProperties.class).get();
    assertThat(keys.keyDir()).isEqualTo(Path.of("/etc/slotstream/keys"));
    assertThat(keys.keyOrdinal()).isEqualTo(1);
    assertThat(keys.keySeeds()).as("application.yml's devnet seed is cleared").isEmpty();
    assertThat(keys.privateKeys()).isEmpty();

    // The Secret mount holds every validator's key; pod 1 must sign with validator-1.key only.
    writeKeyFiles(keyDir, 3);
    NodeKeys loaded = NodeKeys.load(withKeyDir(keys, keyDir), null, pod);
    assertThat(loaded.addresses()).containsExactly(keyAddress(1));
    // Without the pod-index label (older clusters) the host name's ordinal picks the same file.
    NodeKeysProperties noLabel =
        binder("validator-service", Deployments.podEnv(docs, "validator", pod, null))
            .bind("slotstream.node", NodeKeysProperties.class)
            .get();
    assertThat(noLabel.keyOrdinal()).isNull();
    assertThat(NodeKeys.load(withKeyDir(noLabel, keyDir), null, pod).addresses())
        .containsExactly(keyAddress(1));

    assertProtocol(binder, 3);
  }

  @Test
  void chartProposerBindsAStableNodeIdEveryKeyAndItsOwnSigningRecord(@TempDir Path keyDir)
      throws IOException {
    List<Map<String, Object>> docs = Deployments.render();
    String pod = RELEASE + "-slotstream-proposer-6d4f9b7c8-x2k9q";
    Binder binder = binder("proposer-service", Deployments.podEnv(docs, "proposer", pod, null));

    assertThat(gossip(binder).getNodeId()).isEqualTo(RELEASE + "-slotstream-proposer");
    assertThat(binder.bind("slotstream.chain", ChainProperties.class).get().signingRecordDir())
        .isEqualTo(Path.of("/var/lib/slotstream/proposer"));
    NodeKeysProperties keys = binder.bind("slotstream.node", NodeKeysProperties.class).get();
    assertThat(keys.keyDir()).isEqualTo(Path.of("/etc/slotstream/keys"));
    assertThat(keys.keyOrdinal()).isNull();
    writeKeyFiles(keyDir, 3);
    assertThat(NodeKeys.load(withKeyDir(keys, keyDir), null, pod).addresses())
        .containsExactly(keyAddress(0), keyAddress(1), keyAddress(2));
    assertProtocol(binder, 3);
  }

  @Test
  void chartAttestationAndL1PublisherBindTheSharedProtocol() {
    List<Map<String, Object>> docs =
        Deployments.render("redis.host", "redis.example", "redis.existingSecret", "redis-auth");
    String pod = RELEASE + "-slotstream-attestation-5c8d7-abcde";
    Binder attestation =
        binder("attestation-service", Deployments.podEnv(docs, "attestation", pod, null));
    assertThat(gossip(attestation).getNodeId()).isEqualTo(pod);
    assertThat(attestation.bind("spring.data.redis.host", String.class).get())
        .isEqualTo("redis.example");
    assertThat(attestation.bind("spring.data.redis.port", Integer.class).get()).isEqualTo(6379);
    assertThat(attestation.bind("spring.data.redis.password", String.class).get())
        .isEqualTo("secret:redis-auth/redis-password");
    assertThat(attestation.bind("slotstream.attestation.redis-key-prefix", String.class).get())
        .isEqualTo("slotstream:slotstream-devnet:attestations");
    assertProtocol(attestation, 3);

    Binder l1 =
        binder(
            "l1-publisher-service",
            Deployments.podEnv(
                docs, "l1-publisher", RELEASE + "-slotstream-l1-publisher-1-a", null));
    assertThat(assertProtocol(l1, 3)).isEqualTo(assertProtocol(attestation, 3));
  }

  @Test
  void chartValidatorAddressesOverridesAndSettingsBind() {
    List<Map<String, Object>> docs = Deployments.render(everyOption());
    Binder proposer =
        binder(
            "proposer-service",
            Deployments.podEnv(docs, "proposer", RELEASE + "-slotstream-proposer-1-a", null));
    ProtocolProperties protocol =
        proposer.bind("slotstream.protocol", ProtocolProperties.class).get();
    assertThat(protocol.validatorSeeds()).as("application.yml's seeds are cleared").isEmpty();
    assertThat(protocol.validators()).hasSize(3);
    assertThat(protocol.isValidatorSetConfigured()).isTrue();
    assertThat(protocol.timetable().attestationDeadlineOffset()).isEqualTo(Duration.ofSeconds(1));
    assertThat(protocol.timetable().l1PublishOffset()).isEqualTo(Duration.ofSeconds(1));
    assertThat(protocol.timetable().maxBlocksPerCheckpoint()).isEqualTo(5);

    ChainProperties chain = proposer.bind("slotstream.chain", ChainProperties.class).get();
    assertThat(chain.genesisBalances()).hasSize(1);
    chain
        .genesisBalances()
        .forEach(
            (address, balance) -> {
              assertThat(EthAddress.fromHex(address))
                  .isEqualTo(EthAddress.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
              assertThat(balance).isEqualTo(1000L);
            });
    assertThat(gossip(proposer).getNodeId()).isEqualTo("proposer-a");
    assertThat(proposer.bind("slotstream.proposer.fee-per-l2-gas", Long.class).get()).isEqualTo(1L);
    assertThat(proposer.bind("slotstream.proposer.tx-publish-timeout", Duration.class).get())
        .isEqualTo(Duration.ofMillis(1));

    Binder validator =
        binder(
            "validator-service",
            Deployments.podEnv(docs, "validator", RELEASE + "-slotstream-validator-0", 0));
    assertThat(validator.bind("slotstream.validator.recent-outcomes", Integer.class).get())
        .isEqualTo(1);
    assertThat(
            validator
                .bind("slotstream.validator.attestation-publish-timeout", Duration.class)
                .get())
        .isEqualTo(Duration.ofMillis(1));
    Binder attestation =
        binder(
            "attestation-service",
            Deployments.podEnv(docs, "attestation", RELEASE + "-slotstream-attestation-1-a", null));
    assertThat(attestation.bind("slotstream.attestation.retain-slots", Integer.class).get())
        .isEqualTo(2);
    assertThat(attestation.bind("slotstream.attestation.consumer-group", String.class).get())
        .isEqualTo("2");
    Binder l1 =
        binder(
            "l1-publisher-service",
            Deployments.podEnv(
                docs, "l1-publisher", RELEASE + "-slotstream-l1-publisher-1-a", null));
    assertThat(
            l1.bind("slotstream.protocol", ProtocolProperties.class)
                .get()
                .timetable()
                .slotDuration())
        .isEqualTo(Duration.ofSeconds(1));
  }

  // --- values, docker-compose ---

  @Test
  void composeValidatorsEachBindTheirOwnNodeIdAndKey() {
    for (int n = 0; n < COMPOSE_VALIDATORS.size(); n++) {
      String name = COMPOSE_VALIDATORS.get(n);
      Binder binder = binder("validator-service", Deployments.composeEnv(name));
      assertThat(gossip(binder).getNodeId()).as(name).isEqualTo(name);
      NodeKeysProperties keys = binder.bind("slotstream.node", NodeKeysProperties.class).get();
      assertThat(NodeKeys.load(keys, null, name).addresses())
          .as(name)
          .containsExactly(SigningKey.fromSeed(name).address());
      assertThat(binder.bind("slotstream.chain", ChainProperties.class).get().signingRecordDir())
          .as(name)
          .isEqualTo(Path.of("/var/lib/slotstream/validator"));
      assertProtocol(binder, 4);
    }
  }

  @Test
  void composeProposerHoldsEveryValidatorKeyAndAllNodesAgreeOnProtocolAndGenesis() {
    Binder proposer = binder("proposer-service", Deployments.composeEnv("proposer-service"));
    assertThat(gossip(proposer).getNodeId()).isEqualTo("proposer");
    NodeKeysProperties keys = proposer.bind("slotstream.node", NodeKeysProperties.class).get();
    assertThat(NodeKeys.load(keys, null, "proposer").addresses())
        .containsExactlyElementsOf(
            COMPOSE_VALIDATORS.stream().map(s -> SigningKey.fromSeed(s).address()).toList());
    assertThat(proposer.bind("slotstream.chain", ChainProperties.class).get().signingRecordDir())
        .isEqualTo(Path.of("/var/lib/slotstream/proposer"));

    ProtocolProperties protocol = assertProtocol(proposer, 4);
    ChainProperties genesis = proposer.bind("slotstream.chain", ChainProperties.class).get();
    for (String name : COMPOSE_VALIDATORS) {
      Binder validator = binder("validator-service", Deployments.composeEnv(name));
      assertThat(validator.bind("slotstream.protocol", ProtocolProperties.class).get())
          .as(name)
          .isEqualTo(protocol);
      ChainProperties chain = validator.bind("slotstream.chain", ChainProperties.class).get();
      assertThat(chain.genesisAccountSeeds())
          .as(name)
          .isEqualTo(genesis.genesisAccountSeeds())
          .isNotEmpty();
      assertThat(chain.genesisBalances()).as(name).isEqualTo(genesis.genesisBalances());
      assertThat(chain.genesisSeedBalance()).as(name).isEqualTo(genesis.genesisSeedBalance());
    }
    Binder attestation =
        binder("attestation-service", Deployments.composeEnv("attestation-service"));
    assertThat(attestation.bind("slotstream.protocol", ProtocolProperties.class).get())
        .isEqualTo(protocol);
    assertThat(gossip(attestation).getNodeId()).isEqualTo("attestation");
    assertThat(attestation.bind("spring.data.redis.host", String.class).get()).isEqualTo("redis");
    Binder l1 = binder("l1-publisher-service", Deployments.composeEnv("l1-publisher-service"));
    assertThat(l1.bind("slotstream.protocol", ProtocolProperties.class).get()).isEqualTo(protocol);
  }

  // --- helpers ---

  /** Binds like the service does: its environment over its application.yml, genesis time as seconds or ISO. */
  static Binder binder(String service, Map<String, String> env) {
    StandardEnvironment environment = new StandardEnvironment();
    MutablePropertySources sources = environment.getPropertySources();
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    sources.replace(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env)));
    Path yml = Deployments.repo().resolve(service).resolve("src/main/resources/application.yml");
    try {
      for (PropertySource<?> ps :
          new YamlPropertySourceLoader().load(service, new FileSystemResource(yml))) {
        sources.addLast(ps);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read " + yml, e);
    }
    ApplicationConversionService conversion = new ApplicationConversionService();
    conversion.addConverter(new InstantPropertyConverter());
    return new Binder(
        ConfigurationPropertySources.get(environment),
        new PropertySourcesPlaceholdersResolver(environment),
        conversion);
  }

  private static GossipProperties gossip(Binder binder) {
    return binder
        .bind("slotstream.gossip", Bindable.ofInstance(new GossipProperties()))
        .orElseGet(GossipProperties::new);
  }

  /** The shared protocol as node-support binds it: valid, and the same genesis and set everywhere. */
  private static ProtocolProperties assertProtocol(Binder binder, int validators) {
    ProtocolProperties protocol =
        binder.bind("slotstream.protocol", ProtocolProperties.class).get();
    assertThat(protocol.chainId()).isEqualTo(31337);
    assertThat(protocol.genesisTime()).isEqualTo(GENESIS);
    assertThat(protocol.isValidatorSetConfigured())
        .as("exactly one of validators, validator-seeds")
        .isTrue();
    assertThat(protocol.isValidatorSetDistinct()).isTrue();
    assertThat(protocol.validatorSet().size()).isEqualTo(validators);
    assertThat(protocol.timetable().preset()).isEqualTo(ProtocolProperties.TimetablePreset.DEVNET);
    Timetable timetable = new Timetable(protocol.timetableConfig()); // validates the timetable
    assertThat(timetable.slotDuration()).isEqualTo(Duration.ofSeconds(6));
    assertThat(protocol.rollupAddress()).isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    return protocol;
  }

  private static void writeKeyFiles(Path dir, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Files.writeString(dir.resolve("validator-" + i + ".key"), String.format("0x%064x%n", i + 1));
    }
  }

  private static EthAddress keyAddress(int ordinal) {
    return SigningKey.of(BigInteger.valueOf(ordinal + 1)).address();
  }

  private static NodeKeysProperties withKeyDir(NodeKeysProperties p, Path dir) {
    return new NodeKeysProperties(p.privateKeys(), dir, p.keyOrdinal(), p.keySeeds());
  }
}

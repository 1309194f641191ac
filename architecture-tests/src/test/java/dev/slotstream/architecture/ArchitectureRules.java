package dev.slotstream.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;

/**
 * The module layering of the README as ArchUnit rules over main classes. Each rule has a self-test
 * (ArchitectureRulesSelfTest) that shows it reports a violating fixture.
 */
final class ArchitectureRules {
  static final String CORE = "dev.slotstream.core..";
  static final String GOSSIP = "dev.slotstream.gossip..";

  /**
   * node-support; node-chain lives in its sub-package {@code node.chain}, node-l1 in {@code
   * node.l1}.
   */
  static final String NODE = "dev.slotstream.node..";

  static final String NODE_CHAIN = "dev.slotstream.node.chain..";
  static final String NODE_L1 = "dev.slotstream.node.l1..";
  static final String LOCAL_INFRA = "dev.slotstream.localinfra..";
  static final List<String> SERVICES =
      List.of(
          "dev.slotstream.proposer..",
          "dev.slotstream.validator..",
          "dev.slotstream.attestation..",
          "dev.slotstream.l1publisher..");

  /** What the core uses outside the JDK today: exactly these. */
  static final String[] CORE_MAY_USE = {
    CORE,
    "java..",
    "org.slf4j..",
    "fr.acinq.secp256k1..",
    "org.web3j.crypto..",
    "org.web3j.utils..",
    "com.fasterxml.jackson.."
  };

  static final ArchRule CORE_USES_NO_FRAMEWORK =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "io.lettuce..",
              "redis..",
              "org.web3j.protocol..",
              "org.web3j.tx..")
          .because("the protocol core is plain Java: Spring, Kafka, Redis and L1 RPC stay outside");

  static final ArchRule CORE_USES_ONLY_ITS_LIBRARIES =
      classes()
          .that()
          .resideInAPackage(CORE)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(CORE_MAY_USE)
          .because(
              "common-model depends on slf4j, secp256k1, web3j's crypto and Jackson (the signing record)"
                  + " alone, and on no other"
                  + " Slotstream module");

  // No cycle rule for the core's packages yet: crypto and message depend on each other (Eip712
  // takes MessageKind/SignedPayload; SignedPayload.payloadHash and the headers' hash() call
  // Keccak),
  // so slices().matching("dev.slotstream.core.(*)..").should().beFreeOfCycles() fails today.

  static final ArchRule GOSSIP_KNOWS_NO_NODE_OR_SERVICE =
      noClasses()
          .that()
          .resideInAPackage(GOSSIP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(withServices(NODE))
          .because("gossip-kafka sits on common-model alone; node modules and services use it");

  static final ArchRule NODE_MODULES_KNOW_NO_SERVICE =
      noClasses()
          .that()
          .resideInAPackage(NODE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(withServices())
          .because("node-support and node-chain are shared by the services");

  static final ArchRule NODE_SUPPORT_BELOW_NODE_CHAIN_AND_GOSSIP =
      noClasses()
          .that()
          .resideInAPackage(NODE)
          .and()
          .resideOutsideOfPackages(NODE_CHAIN, NODE_L1)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(NODE_CHAIN, NODE_L1, GOSSIP)
          .because("node-support depends on common-model alone");

  static final ArchRule NODE_L1_BELOW_NODE_CHAIN_AND_GOSSIP =
      noClasses()
          .that()
          .resideInAPackage(NODE_L1)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(NODE_CHAIN, GOSSIP)
          .because(
              "node-l1 sits on node-support and l1-contracts; node-chain and the attestation"
                  + " service use it");

  static final ArchRule SERVICES_USE_NO_LOCAL_INFRA =
      noClasses()
          .that()
          .resideInAnyPackage(withServices(CORE, GOSSIP, NODE))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(LOCAL_INFRA)
          .because("local-infra is for bin/devnet and tests, never for a service");

  private ArchitectureRules() {}

  /** One rule per service: it imports no other service; services talk through gossip only. */
  static List<ArchRule> servicesIndependent() {
    return SERVICES.stream()
        .map(
            service ->
                noClasses()
                    .that()
                    .resideInAPackage(service)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                        SERVICES.stream().filter(s -> !s.equals(service)).toArray(String[]::new))
                    .because("services talk to each other through the gossip topics only"))
        .toList();
  }

  private static String[] withServices(String... packages) {
    String[] all = Arrays.copyOf(packages, packages.length + SERVICES.size());
    for (int i = 0; i < SERVICES.size(); i++) {
      all[packages.length + i] = SERVICES.get(i);
    }
    return all;
  }
}

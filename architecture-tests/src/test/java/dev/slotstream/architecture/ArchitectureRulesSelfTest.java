package dev.slotstream.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule reports the fixtures under src/test/java that break it, so a rule that silently matches
 * nothing (a mistyped package, an inverted condition) fails here. The fixtures stand in for library
 * classes with empty classes in the libraries' packages: the rules only look at package names.
 */
class ArchitectureRulesSelfTest {

  private static JavaClasses fixtures(String... packages) {
    return new ClassFileImporter().importPackages(packages);
  }

  private static String violations(ArchRule rule, JavaClasses classes) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as("%s reports a violation", rule.getDescription()).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  private static void noViolation(ArchRule rule, JavaClasses classes) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
  }

  @Test
  void coreUsesNoFrameworkReportsEachForbiddenLibrary() {
    String report =
        violations(
            ArchitectureRules.CORE_USES_NO_FRAMEWORK,
            fixtures("dev.slotstream.core.archfixture.forbidden"));
    assertThat(report)
        .contains(
            "FakeSpringBean",
            "FakeKafkaProducer",
            "FakeLettuceClient",
            "FakeJedis",
            "FakeWeb3jService",
            "FakeTransactionManager");
  }

  @Test
  void coreUsesOnlyItsLibrariesReportsOtherLibrariesAndModules() {
    String report =
        violations(
            ArchitectureRules.CORE_USES_ONLY_ITS_LIBRARIES,
            fixtures("dev.slotstream.core.archfixture.forbidden"));
    assertThat(report).contains("FakeSpringBean", "FakeWeb3jService", "GossipThing");
  }

  @Test
  void coreRulesAllowWhatTheCoreUses() {
    JavaClasses allowed = fixtures("dev.slotstream.core.archfixture.allowed");
    assertThat(allowed.contain("dev.slotstream.core.archfixture.allowed.CoreUsingItsLibraries"))
        .isTrue();
    noViolation(ArchitectureRules.CORE_USES_NO_FRAMEWORK, allowed);
    noViolation(ArchitectureRules.CORE_USES_ONLY_ITS_LIBRARIES, allowed);
  }

  @Test
  void eachServiceRuleReportsItsServiceImportingAnother() {
    JavaClasses services =
        fixtures(
            "dev.slotstream.proposer.archfixture",
            "dev.slotstream.validator.archfixture",
            "dev.slotstream.attestation.archfixture",
            "dev.slotstream.l1publisher.archfixture");
    List<ArchRule> rules = ArchitectureRules.servicesIndependent();
    assertThat(rules).hasSize(4);
    assertThat(violations(rules.get(0), services)).contains("ProposerUsingAnotherService");
    assertThat(violations(rules.get(1), services)).contains("ValidatorUsingAnotherService");
    assertThat(violations(rules.get(2), services)).contains("AttestationUsingAnotherService");
    assertThat(violations(rules.get(3), services)).contains("L1publisherUsingAnotherService");
  }

  @Test
  void gossipRuleReportsNodeChainAndServices() {
    String report =
        violations(
            ArchitectureRules.GOSSIP_KNOWS_NO_NODE_OR_SERVICE,
            fixtures("dev.slotstream.gossip.archfixture"));
    assertThat(report).contains("ChainThing", "AttestationThing");
  }

  @Test
  void nodeRuleReportsServices() {
    String report =
        violations(
            ArchitectureRules.NODE_MODULES_KNOW_NO_SERVICE,
            fixtures("dev.slotstream.node.chain.archfixture"));
    assertThat(report).contains("ChainUsingService", "PublisherThing");
  }

  @Test
  void nodeSupportRuleReportsNodeChainAndGossip() {
    String report =
        violations(
            ArchitectureRules.NODE_SUPPORT_BELOW_NODE_CHAIN_AND_GOSSIP,
            fixtures("dev.slotstream.node.archfixture"));
    assertThat(report).contains("ChainThing", "L1Thing", "GossipThing");
  }

  @Test
  void nodeL1RuleReportsNodeChainAndGossip() {
    String report =
        violations(
            ArchitectureRules.NODE_L1_BELOW_NODE_CHAIN_AND_GOSSIP,
            fixtures("dev.slotstream.node.l1.archfixture"));
    assertThat(report).contains("ChainThing", "GossipThing");
  }

  @Test
  void localInfraRuleReportsAServiceUsingIt() {
    String report =
        violations(
            ArchitectureRules.SERVICES_USE_NO_LOCAL_INFRA,
            fixtures("dev.slotstream.validator.archfixture.infra"));
    assertThat(report).contains("FakeBroker");
  }
}

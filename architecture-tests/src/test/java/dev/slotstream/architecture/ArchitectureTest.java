package dev.slotstream.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layering rules against the real main classes of every module. */
class ArchitectureTest {
  private final JavaClasses classes = ModuleClasses.main();

  @Test
  void importsEveryModulesPackages() {
    for (String pkg :
        new String[] {
          "dev.slotstream.core",
          "dev.slotstream.localinfra",
          "dev.slotstream.gossip",
          "dev.slotstream.node",
          "dev.slotstream.node.chain",
          "dev.slotstream.proposer",
          "dev.slotstream.validator",
          "dev.slotstream.attestation",
          "dev.slotstream.l1publisher"
        }) {
      assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
    }
  }

  @Test
  void coreUsesNoFramework() {
    ArchitectureRules.CORE_USES_NO_FRAMEWORK.check(classes);
  }

  @Test
  void coreUsesOnlyItsLibraries() {
    ArchitectureRules.CORE_USES_ONLY_ITS_LIBRARIES.check(classes);
  }

  @ParameterizedTest
  @MethodSource("servicesIndependent")
  void noServiceImportsAnother(ArchRule rule) {
    rule.check(classes);
  }

  static Stream<ArchRule> servicesIndependent() {
    return ArchitectureRules.servicesIndependent().stream();
  }

  @Test
  void gossipKnowsNoNodeModuleOrService() {
    ArchitectureRules.GOSSIP_KNOWS_NO_NODE_OR_SERVICE.check(classes);
  }

  @Test
  void nodeModulesKnowNoService() {
    ArchitectureRules.NODE_MODULES_KNOW_NO_SERVICE.check(classes);
  }

  @Test
  void nodeSupportSitsBelowNodeChainAndGossip() {
    ArchitectureRules.NODE_SUPPORT_BELOW_NODE_CHAIN_AND_GOSSIP.check(classes);
  }

  @Test
  void nodeL1SitsBelowNodeChainAndGossip() {
    ArchitectureRules.NODE_L1_BELOW_NODE_CHAIN_AND_GOSSIP.check(classes);
  }

  @Test
  void servicesUseNoLocalInfra() {
    ArchitectureRules.SERVICES_USE_NO_LOCAL_INFRA.check(classes);
  }
}

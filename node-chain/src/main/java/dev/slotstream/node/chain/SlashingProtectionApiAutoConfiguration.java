package dev.slotstream.node.chain;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.slashing.SlashingProtectionInterchange;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/slashing-protection/interchange} on every executing node that serves HTTP
 * (proposer and validator), over node-chain's signing record. Off with {@code
 * slotstream.chain.interchange-api=false}.
 */
@AutoConfiguration(after = ChainAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RestController.class)
@ConditionalOnProperty(prefix = "slotstream.chain", name = "interchange-api", matchIfMissing = true)
public class SlashingProtectionApiAutoConfiguration {
  @Bean
  @ConditionalOnBean(SlashingProtectionInterchange.class)
  @ConditionalOnMissingBean
  public SlashingProtectionController slashingProtectionController(
      SlashingProtectionInterchange record, RollupContext context) {
    return new SlashingProtectionController(record, context.signer().domainSeparator());
  }
}

package dev.slotstream.l1deployer;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.node.InstantPropertyConverter;
import dev.slotstream.node.ProtocolProperties;
import dev.slotstream.node.chain.ChainAutoConfiguration;
import dev.slotstream.node.chain.ChainProperties;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Deploys the Rollup contract once, for docker-compose: its constructor arguments come from the
 * same {@code slotstream.protocol.*} and {@code slotstream.chain.*} variables the services are given,
 * bound the way Spring binds them in the services, and the genesis archive is computed by the
 * services' own bean method, so the contract starts where the nodes do.
 *
 * <p>Idempotent: if code is already at {@code slotstream.protocol.rollup-address}, it exits 0. It
 * deploys with {@code DEPLOYER_PRIVATE_KEY} (Anvil's first dev key by default) and fails if the
 * contract lands at another address than the one the services sign for.
 */
public final class RollupDeployer {
  private RollupDeployer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    StandardEnvironment environment = new StandardEnvironment();
    ApplicationConversionService conversion = new ApplicationConversionService();
    conversion.addConverter(new InstantPropertyConverter());
    Binder binder =
        new Binder(ConfigurationPropertySources.get(environment), null, conversion, null);
    ProtocolProperties protocol =
        binder.bindOrCreate("slotstream.protocol", ProtocolProperties.class);
    ChainProperties chain = binder.bindOrCreate("slotstream.chain", ChainProperties.class);
    String rpcUrl = binder.bind("slotstream.l1.rpc-url", String.class).orElse("http://anvil:8545");
    String key = env.getOrDefault("DEPLOYER_PRIVATE_KEY", LocalAnvil.DEV_PRIVATE_KEY);

    RollupContext context = RollupContext.of(protocol.rollupParameters());
    TimetableConfig timetable = protocol.timetableConfig();
    Fr genesisArchive =
        new ChainAutoConfiguration().worldState(context, chain).latest().archiveRoot();
    String expected = protocol.rollup().toHex();

    try (L1Client l1 = connect(rpcUrl, protocol.chainId(), key, Duration.ofSeconds(60))) {
      String code =
          l1.web3j().ethGetCode(expected, DefaultBlockParameterName.LATEST).send().getCode();
      if (code != null && code.length() > 2) {
        System.out.printf("l1-deployer: Rollup already at %s, nothing to do%n", expected);
        return;
      }
      String deployed =
          l1.deployRollup(
                  new RollupConfig(
                      protocol.validatorSet().members(),
                      protocol.committeeSize(),
                      protocol.baseSeedBytes(),
                      timetable.genesisTime().getEpochSecond(),
                      timetable.slotDuration().toSeconds(),
                      timetable.epochLength(),
                      genesisArchive))
              .getContractAddress();
      System.out.printf(
          "l1-deployer: Rollup deployed at %s by %s (validators %d, genesis %s, archive %s)%n",
          deployed,
          l1.senderAddress(),
          protocol.validatorSet().size(),
          timetable.genesisTime(),
          genesisArchive);
      if (!deployed.equalsIgnoreCase(expected)) {
        System.err.printf(
            "l1-deployer: deployed at %s but slotstream.protocol.rollup-address is %s: the key's"
                + " nonce was not 0; use a fresh L1 or set the rollup address to the deployed one%n",
            deployed, expected);
        System.exit(1);
      }
    }
  }

  /** Waits for the L1 node to answer (Anvil may still be starting). */
  private static L1Client connect(String rpcUrl, long chainId, String key, Duration patience)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      L1Client l1 = L1Client.connect(rpcUrl, chainId, key);
      try {
        BigInteger id = l1.web3j().ethChainId().send().getChainId();
        if (id.longValueExact() != chainId) {
          l1.close();
          throw new IllegalStateException(
              "L1 at " + rpcUrl + " has chain id " + id + ", expected " + chainId);
        }
        return l1;
      } catch (IOException e) {
        l1.close();
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        System.out.printf("l1-deployer: waiting for %s (%s)%n", rpcUrl, e.getMessage());
        Thread.sleep(1000);
      }
    }
  }
}

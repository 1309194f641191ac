package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.slashing.FileSlashingProtector;
import dev.slotstream.core.slashing.SigningDuty;
import dev.slotstream.core.slashing.SigningVerdict;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.node.NodeAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The interchange API over node-chain's real signing record, in a servlet context with MVC. */
class SlashingProtectionControllerTest {
  private static final String ROLLUP = "0x5105000000000000000000000000000000000001";
  private static final String PATH = "/api/v1/slashing-protection/interchange";
  private static final Bytes32 NETWORK =
      SigningDomain.of(31337, EthAddress.fromHex(ROLLUP)).domainSeparator();
  private static final EthAddress SIGNER =
      EthAddress.fromHex("0x00000000000000000000000000000000000000c3");
  private static final Bytes32 PAYLOAD = Bytes32.fromHex("0x" + "ab".repeat(32));

  @TempDir Path dir;

  private static final String[] PROPERTIES = {
    "slotstream.protocol.chain-id=31337",
    "slotstream.protocol.rollup-address=" + ROLLUP,
    "slotstream.protocol.genesis-time=2026-01-01T00:00:00Z",
    "slotstream.protocol.base-seed=0x" + "ab".repeat(32),
    "slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3"
  };

  private WebApplicationContextRunner web() {
    return new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                NodeAutoConfiguration.class,
                ChainAutoConfiguration.class,
                SlashingProtectionApiAutoConfiguration.class,
                JacksonAutoConfiguration.class,
                HttpMessageConvertersAutoConfiguration.class,
                WebMvcAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(PROPERTIES)
        .withPropertyValues("slotstream.chain.signing-record-dir=" + dir.resolve("record"));
  }

  private static String document(String root, String pubkey, String blocks) {
    return "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
        + root
        + "\"},\"data\":[{\"pubkey\":\""
        + pubkey
        + "\",\"signed_blocks\":["
        + blocks
        + "],\"signed_attestations\":[]}]}";
  }

  @Test
  void shouldExportTheRecordWithThisNetworksDomainSeparator() {
    web()
        .run(
            ctx -> {
              assertThat(ctx.getBean(RollupContext.class).signer().domainSeparator())
                  .isEqualTo(NETWORK);
              ctx.getBean(FileSlashingProtector.class)
                  .approve(SigningDuty.checkpointProposal(SIGNER, SlotNumber.of(3)), PAYLOAD);
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();

              mvc.perform(get(PATH))
                  .andExpect(status().isOk())
                  .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                  .andExpect(
                      header()
                          .string(
                              "Content-Disposition",
                              containsString("slashing-protection-interchange.json")))
                  .andExpect(jsonPath("$.metadata.interchange_format_version").value("5"))
                  .andExpect(jsonPath("$.metadata.genesis_validators_root").value(NETWORK.toHex()))
                  .andExpect(jsonPath("$.data[0].pubkey").value(SIGNER.toHex()))
                  .andExpect(
                      jsonPath("$.data[0].signed_blocks[0].slot").value("511")) // 3 × 128 + 127
                  .andExpect(
                      jsonPath("$.data[0].signed_blocks[0].signing_root").value(PAYLOAD.toHex()))
                  .andExpect(jsonPath("$.data[0].signed_attestations").isEmpty());
            });
  }

  @Test
  void shouldImportIntoTheRecordTheSignersUse() {
    web()
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();

              mvc.perform(
                      post(PATH)
                          .contentType(MediaType.APPLICATION_JSON)
                          .content(
                              document(
                                  NETWORK.toHex(),
                                  SIGNER.toHex(),
                                  "{\"slot\":\"1280\",\"signing_root\":\""
                                      + PAYLOAD.toHex()
                                      + "\"}")))
                  .andExpect(status().isOk())
                  .andExpect(jsonPath("$.signers").value(1))
                  .andExpect(jsonPath("$.added").value(1))
                  .andExpect(jsonPath("$.alreadyKnown").value(0))
                  .andExpect(jsonPath("$.conflicts").isEmpty());

              FileSlashingProtector record = ctx.getBean(FileSlashingProtector.class);
              assertThat(
                      record
                          .approve(
                              SigningDuty.blockProposal(SIGNER, SlotNumber.of(10), 0), Bytes32.ZERO)
                          .verdict())
                  .isEqualTo(SigningVerdict.REFUSED);

              mvc.perform(
                      post(PATH)
                          .contentType(MediaType.APPLICATION_JSON)
                          .content(
                              document(
                                  NETWORK.toHex(),
                                  SIGNER.toHex(),
                                  "{\"slot\":\"1280\",\"signing_root\":\"0x"
                                      + "01".repeat(32)
                                      + "\"}")))
                  .andExpect(status().isOk())
                  .andExpect(jsonPath("$.conflicts[0].signer").value(SIGNER.toHex()))
                  .andExpect(jsonPath("$.conflicts[0].kind").value("BLOCK_PROPOSAL"))
                  .andExpect(jsonPath("$.conflicts[0].slot").value(10))
                  .andExpect(jsonPath("$.conflicts[0].index").value(0));
            });
  }

  @Test
  void shouldAnswer400WithAProblemNamingWhatIsMalformed() {
    web()
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();

              mvc.perform(
                      post(PATH).contentType(MediaType.APPLICATION_JSON).content("{\"metadata\":"))
                  .andExpect(status().isBadRequest())
                  .andExpect(
                      content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                  .andExpect(jsonPath("$.problem").value("MALFORMED"))
                  .andExpect(jsonPath("$.detail").value(containsString("not JSON")));
              mvc.perform(
                      post(PATH)
                          .contentType(MediaType.APPLICATION_JSON)
                          .content(
                              document(NETWORK.toHex(), SIGNER.toHex(), "{\"slot\":\"twelve\"}")))
                  .andExpect(status().isBadRequest())
                  .andExpect(jsonPath("$.title").value("Malformed interchange"))
                  .andExpect(
                      jsonPath("$.detail")
                          .value(containsString("data[0].signed_blocks[0].slot \"twelve\"")));
              mvc.perform(post(PATH).contentType(MediaType.APPLICATION_JSON))
                  .andExpect(status().isBadRequest())
                  .andExpect(jsonPath("$.detail").value(containsString("empty")));
              mvc.perform(
                      post(PATH)
                          .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                          .content("metadata=5"))
                  .andExpect(status().isUnsupportedMediaType());
              mvc.perform(
                      post(PATH)
                          .contentType(MediaType.APPLICATION_JSON)
                          .content(
                              document(NETWORK.toHex(), SIGNER.toHex(), "")
                                  .replace("\"5\"", "\"4\"")))
                  .andExpect(status().isBadRequest())
                  .andExpect(jsonPath("$.problem").value("UNSUPPORTED_VERSION"));
            });
  }

  @Test
  void shouldAnswer409ForAnotherNetworkAndImportNothing() {
    web()
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
              Bytes32 mainnet = SigningDomain.of(1, EthAddress.fromHex(ROLLUP)).domainSeparator();

              mvc.perform(
                      post(PATH)
                          .contentType(MediaType.APPLICATION_JSON)
                          .content(
                              document(mainnet.toHex(), SIGNER.toHex(), "{\"slot\":\"1280\"}")))
                  .andExpect(status().isConflict())
                  .andExpect(
                      content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                  .andExpect(jsonPath("$.problem").value("WRONG_NETWORK"))
                  .andExpect(jsonPath("$.detail").value(containsString(NETWORK.toHex())));

              assertThat(
                      ctx.getBean(FileSlashingProtector.class)
                          .approve(SigningDuty.blockProposal(SIGNER, SlotNumber.of(10), 0), PAYLOAD)
                          .verdict())
                  .isEqualTo(SigningVerdict.ALLOWED_NEW);
            });
  }

  @Test
  void shouldServeNoEndpointWhenTurnedOffOrWithoutWeb() {
    web()
        .withPropertyValues("slotstream.chain.interchange-api=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(SlashingProtectionController.class));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                NodeAutoConfiguration.class,
                ChainAutoConfiguration.class,
                SlashingProtectionApiAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(PROPERTIES)
        .withPropertyValues("slotstream.chain.signing-record-dir=" + dir.resolve("plain"))
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(FileSlashingProtector.class);
              assertThat(ctx).doesNotHaveBean(SlashingProtectionController.class);
            });
  }
}

package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.lifecycle.BlockEvent;
import dev.slotstream.core.lifecycle.L1Landing;
import dev.slotstream.core.lifecycle.LandedEvent;
import dev.slotstream.core.lifecycle.TxInclusion;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.node.NodeAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The tx lifecycle API as node-chain wires it on a web node, over the real lifecycle. */
class TxLifecycleControllerTest {
  private static final TxHash TX = TxHash.fromHex("0x" + "a1".repeat(32));

  @TempDir Path dir;

  private WebApplicationContextRunner web() {
    return new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                NodeAutoConfiguration.class,
                ChainAutoConfiguration.class,
                TxLifecycleApiAutoConfiguration.class,
                JacksonAutoConfiguration.class,
                HttpMessageConvertersAutoConfiguration.class,
                WebMvcAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(
            "slotstream.protocol.chain-id=31337",
            "slotstream.protocol.rollup-address=0x5105000000000000000000000000000000000001",
            "slotstream.protocol.genesis-time=2026-01-01T00:00:00Z",
            "slotstream.protocol.base-seed=0x" + "ab".repeat(32),
            "slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3",
            "slotstream.chain.genesis-account-seeds=user-1,other",
            "slotstream.chain.genesis-account-count=3",
            "slotstream.chain.signing-record-dir=" + dir.resolve("record"));
  }

  private static BlockEvent block(TxStage stage) {
    return new BlockEvent(
        stage, SlotNumber.of(9), BlockNumber.of(41), 2, List.of(TX), Instant.now());
  }

  @Test
  void shouldAnswerEachStageOfATx() {
    web()
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
              TxLifecycle lifecycle = ctx.getBean(TxLifecycle.class);

              mvc.perform(get("/api/v1/txs/" + TX))
                  .andExpect(status().isNotFound())
                  .andExpect(jsonPath("$.txHash").value(TX.toString()));

              lifecycle.pending(TX);
              mvc.perform(get("/api/v1/txs/" + TX))
                  .andExpect(status().isOk())
                  .andExpect(jsonPath("$.status").value("PENDING"))
                  .andExpect(jsonPath("$.slot").doesNotExist());

              lifecycle.block(block(TxStage.PROPOSED));
              mvc.perform(get("/api/v1/txs/" + TX))
                  .andExpect(jsonPath("$.status").value("PROPOSED"))
                  .andExpect(jsonPath("$.slot").value(9))
                  .andExpect(jsonPath("$.block").value(41))
                  .andExpect(jsonPath("$.blockIndex").value(2))
                  .andExpect(jsonPath("$.position").value(0))
                  .andExpect(jsonPath("$.reachedAt.PENDING").exists())
                  .andExpect(jsonPath("$.reachedAt.PROPOSED").exists());

              mvc.perform(get("/api/v1/txs/0x1234")).andExpect(status().isBadRequest());
            });
  }

  @Test
  void shouldStreamATxsStagesAndTheChainsBlocks() {
    web()
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
              TxLifecycle lifecycle = ctx.getBean(TxLifecycle.class);
              lifecycle.pending(TX);

              MvcResult tx =
                  mvc.perform(get("/api/v1/txs/" + TX + "/events"))
                      .andExpect(request().asyncStarted())
                      .andReturn();
              MvcResult chain =
                  mvc.perform(get("/api/v1/events"))
                      .andExpect(request().asyncStarted())
                      .andReturn();
              // A subscription is answered with the tx's stage at once, from the stream's own
              // thread: wait for it, or a change made meanwhile is what that first event shows.
              await()
                  .atMost(Duration.ofSeconds(5))
                  .untilAsserted(
                      () ->
                          assertThat(tx.getResponse().getContentAsString())
                              .contains("\"status\":\"PENDING\""));
              lifecycle.block(block(TxStage.EXECUTED));

              await()
                  .atMost(Duration.ofSeconds(5))
                  .untilAsserted(
                      () -> {
                        String events = tx.getResponse().getContentAsString();
                        assertThat(events).contains("event:stage");
                        assertThat(events.indexOf("\"status\":\"PENDING\""))
                            .isNotNegative()
                            .isLessThan(events.indexOf("\"status\":\"EXECUTED\""));
                        assertThat(chain.getResponse().getContentAsString())
                            .contains("event:block")
                            .contains("\"stage\":\"EXECUTED\"")
                            .contains("\"block\":41")
                            .contains(TX.toString());
                      });
            });
  }

  private static TxStatus at(TxStage stage, Optional<L1Landing> l1) {
    return new TxStatus(
        TX,
        stage,
        Optional.of(new TxInclusion(SlotNumber.of(9), BlockNumber.of(41), 2, 0)),
        Optional.of(CheckpointNumber.of(7)),
        Optional.empty(),
        l1,
        Map.of(stage, Instant.now()));
  }

  @Test
  void onANodeThatFollowsL1ATxsStreamGoesOnPastCheckpointedToOnL1AndTheChainStreamTellsL1() {
    L1Landing landing =
        new L1Landing(
            CheckpointNumber.of(7),
            321,
            Bytes32.fromHex("0x" + "b2".repeat(32)),
            Bytes32.fromHex("0x" + "c3".repeat(32)));
    web()
        .withPropertyValues("slotstream.l1.follow.enabled=true")
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
              LifecycleEventStream stream = ctx.getBean(LifecycleEventStream.class);
              MvcResult tx =
                  mvc.perform(get("/api/v1/txs/" + TX + "/events"))
                      .andExpect(request().asyncStarted())
                      .andReturn();
              MvcResult chain =
                  mvc.perform(get("/api/v1/events"))
                      .andExpect(request().asyncStarted())
                      .andReturn();

              stream.onStage(at(TxStage.CHECKPOINTED, Optional.empty()));
              stream.onStage(at(TxStage.ON_L1, Optional.of(landing)));
              stream.onLanded(
                  new LandedEvent(SlotNumber.of(9), landing, 1, Optional.empty(), Instant.now()));

              await()
                  .atMost(Duration.ofSeconds(5))
                  .untilAsserted(
                      () -> {
                        String events = tx.getResponse().getContentAsString();
                        assertThat(events.indexOf("\"status\":\"CHECKPOINTED\""))
                            .isNotNegative()
                            .isLessThan(events.indexOf("\"status\":\"ON_L1\""));
                        assertThat(events).contains("\"l1Block\":321");
                        assertThat(chain.getResponse().getContentAsString())
                            .contains("event:l1")
                            .contains("\"checkpoint\":7")
                            .contains("\"l1TxHash\":\"" + landing.l1TxHash() + "\"");
                      });
            });
  }

  @Test
  void withoutL1ATxsStreamEndsAtCheckpointed() {
    web()
        .run(
            ctx -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).build();
              LifecycleEventStream stream = ctx.getBean(LifecycleEventStream.class);
              MvcResult tx =
                  mvc.perform(get("/api/v1/txs/" + TX + "/events"))
                      .andExpect(request().asyncStarted())
                      .andReturn();
              MvcResult chain =
                  mvc.perform(get("/api/v1/events"))
                      .andExpect(request().asyncStarted())
                      .andReturn();

              stream.onStage(at(TxStage.CHECKPOINTED, Optional.empty()));
              stream.onStage(at(TxStage.ON_L1, Optional.empty()));
              // One sender thread, in order: once the block is out, so is anything before it.
              stream.onBlock(block(TxStage.EXECUTED));
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> chain.getResponse().getContentAsString().contains("event:block"));
              assertThat(tx.getResponse().getContentAsString())
                  .contains("\"status\":\"CHECKPOINTED\"")
                  .doesNotContain("ON_L1");
            });
  }

  @Test
  void shouldFundTheCountedAccountsOnceEach() {
    web()
        .run(
            ctx -> {
              var state = ctx.getBean(ChainStore.class).worldState().latest();
              for (String seed : List.of("user-0", "user-1", "user-2", "other")) {
                assertThat(state.balance(SigningKey.fromSeed(seed).address()))
                    .as(seed)
                    .isEqualTo(1_000_000_000L);
              }
              assertThat(state.balance(SigningKey.fromSeed("user-3").address())).isZero();
            });
  }
}

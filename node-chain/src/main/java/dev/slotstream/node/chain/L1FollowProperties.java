package dev.slotstream.node.chain;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The L1 follower of an executing node ({@code slotstream.l1.follow.*}, docs/PROTOCOL.md §17).
 *
 * @param enabled off by default: a node without an L1 keeps following gossip only
 * @param rpcUrl the L1 node's JSON-RPC endpoint
 * @param confirmations how deep an L1 block must be before the node follows it
 * @param pollInterval time between rounds while L1 answers
 * @param maxBackoff the longest wait after repeated failures (the wait doubles from pollInterval)
 * @param fromBlock the first L1 block to scan: the contract's deployment block
 * @param maxBlockRange the most L1 blocks one {@code eth_getLogs} asks for
 * @param syncStaleAfter how long after its last completed round the node still counts as caught up
 *     with L1 (its sync gate closes after that: no proposals, no attestations)
 * @param syncMaxLagBlocks how many L1 blocks behind the head a round may start and the node still
 *     count as following rather than catching up
 */
@Validated
@ConfigurationProperties("slotstream.l1.follow")
public record L1FollowProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("http://127.0.0.1:8545") @NotNull String rpcUrl,
    @DefaultValue("0") @Min(0) int confirmations,
    @DefaultValue("1s") @NotNull Duration pollInterval,
    @DefaultValue("30s") @NotNull Duration maxBackoff,
    @DefaultValue("0") @Min(0) long fromBlock,
    @DefaultValue("1000") @Min(1) int maxBlockRange,
    @DefaultValue("15s") @NotNull Duration syncStaleAfter,
    @DefaultValue("4") @Min(0) long syncMaxLagBlocks) {}

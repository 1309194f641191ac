package dev.slotstream.node.chain;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Catching up from the gossip log ({@code slotstream.chain.catch-up.*}, docs/PROTOCOL.md §13.6): a
 * node without an L1 follower whose chain is behind re-executes what it missed from the quorum and
 * proposal topics before it proposes or attests again.
 *
 * @param enabled on by default; only used when {@code slotstream.l1.follow.enabled} is false (with
 *     an L1 follower the node catches up from L1, §17)
 * @param readTimeout the longest one read of a topic (metadata, offsets, records) may take
 * @param txWait how long to wait in the node's pool for the txs of a proposal that does not carry
 *     them
 * @param retryInterval the first wait after the log could not be read, or after a run that ended
 *     RECORDS_MISSING; it doubles up to maxBackoff
 * @param maxBackoff the longest wait between such attempts
 * @param startupWait how long start-up waits for the first run (the node's duties start after it;
 *     a run still going on then goes on with the duties held back)
 */
@Validated
@ConfigurationProperties("slotstream.chain.catch-up")
public record GossipCatchUpProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("10s") @NotNull Duration readTimeout,
    @DefaultValue("2s") @NotNull Duration txWait,
    @DefaultValue("1s") @NotNull Duration retryInterval,
    @DefaultValue("30s") @NotNull Duration maxBackoff,
    @DefaultValue("30s") @NotNull Duration startupWait) {}

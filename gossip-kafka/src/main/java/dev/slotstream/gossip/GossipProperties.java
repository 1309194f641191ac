package dev.slotstream.gossip;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slotstream.gossip.*}: how this node speaks the gossip topics.
 *
 * <p>Gossip is a broadcast: every node must see every message. Each node therefore consumes in its
 * own consumer group ({@link #nodeId}); two nodes sharing a group would split the partitions between
 * them and each would silently miss the other's share.
 */
@ConfigurationProperties("slotstream.gossip")
public class GossipProperties {

  /** Prefix of every topic name: {@code <networkPrefix>.<topic>}, e.g. {@code devnet.block_proposal}. */
  private String networkPrefix = "devnet";

  /**
   * Partitions per gossip topic. One partition keeps every message of a topic in one total order, so
   * all nodes see a slot's block proposals in the order they were built (a validator executes block
   * i+1 on top of block i). Keys are slot numbers, so with more partitions a slot's messages still
   * stay in order within their partition, but different slots are no longer ordered relative to each
   * other. Only raise it when one partition cannot carry the load.
   */
  private int partitions = 1;

  /** Replication factor of every gossip and dead-letter topic. */
  private short replicationFactor = 1;

  /**
   * This node's id; the consumer group id of every gossip listener (overridable per listener with
   * {@code @KafkaListener(groupId = ...)}). Must be unique per node: gossip is broadcast, nothing is
   * load-balanced away.
   */
  private String nodeId = "node-0";

  /** Suffix of the dead-letter topic of each gossip topic. */
  private String deadLetterSuffix = ".DLT";

  /**
   * Where a node starts on a topic when its group has no committed offset. "latest": a new node
   * hears gossip from now on (old proposals are stale); "earliest": replay what the topic retains.
   */
  private String autoOffsetReset = "latest";

  /** Create the gossip and dead-letter topics at startup (through Spring Kafka's KafkaAdmin). */
  private boolean createTopics = true;

  /**
   * Static group membership: every gossip listener consumer gets {@code group.instance.id} = {@code
   * <node-id>.<network-prefix>.<listener-id>} (plus {@code -n} per concurrent consumer), so a node
   * that restarts within {@link #sessionTimeout} takes its partitions back at once, without a
   * rebalance. Two running processes with the same node id fence each other (the older one stops).
   */
  private boolean staticMembership = true;

  /**
   * {@code session.timeout.ms} of the gossip consumers: how long the group waits for a silent member
   * (with static membership, for a restarting node) before handing its partitions on.
   */
  private Duration sessionTimeout = Duration.ofSeconds(30);

  /**
   * How long the broker may hold a tx-topic fetch until {@link #txFetchMinBytes} have arrived. Txs
   * are not latency-critical between nodes (a proposer takes them from its own API; a validator only
   * needs a tx's sender recovered before the block that holds it), while a fetch for every few
   * records costs the broker and each node a request. The proposal, attestation and quorum topics
   * are fetched as soon as one record is there.
   */
  private Duration txFetchWait = Duration.ofMillis(20);

  /** {@code fetch.min.bytes} of the tx topic's consumer (see {@link #txFetchWait}). */
  private DataSize txFetchMinBytes = DataSize.ofKilobytes(64);

  /**
   * How often the tx listener commits its offsets, instead of after every poll (a synchronous round
   * trip, and a write to the offsets log, per fetch). A node that stops reads up to this much of the
   * tx topic again; its pool drops what it already holds or what a block already used.
   */
  private Duration txCommitInterval = Duration.ofSeconds(1);

  /**
   * How often the block and checkpoint proposal listeners commit their offsets, instead of after
   * every proposal (at every node, a round trip and a write to the broker's offsets log per
   * proposal, at the instant the proposal reaches every node). A node that restarts seeks to the
   * start of the current slot anyway (catch-up), and without catch-up reads up to this much again;
   * its job drops the proposals it already holds.
   */
  private Duration proposalCommitInterval = Duration.ofSeconds(1);

  /** Delivery timeout of a dead-letter copy; after it the copy is counted as failed, never retried. */
  private Duration deadLetterTimeout = Duration.ofSeconds(15);

  /**
   * Most bytes of dead-letter copies queued at once; beyond it further copies are counted as failed
   * (cause BACKLOG) rather than held in memory.
   */
  private DataSize deadLetterBacklog = DataSize.ofMegabytes(64);

  /**
   * {@code retention.ms} of {@code block_proposal} and {@code checkpoint_proposal}: how long a node
   * that was down (or started late) can still catch up from the gossip log (PROTOCOL.md §13.6). A
   * negative value keeps them for ever. Applied when the topics are created (and to existing ones
   * only with {@code spring.kafka.admin.modify-topic-configs=true}).
   */
  private Duration proposalRetention = Duration.ofDays(7);

  /** {@code retention.ms} of {@code checkpoint_quorum}; as {@link #proposalRetention}. */
  private Duration quorumRetention = Duration.ofDays(7);

  public Duration getProposalRetention() {
    return proposalRetention;
  }

  public void setProposalRetention(Duration proposalRetention) {
    this.proposalRetention = proposalRetention;
  }

  public Duration getQuorumRetention() {
    return quorumRetention;
  }

  public void setQuorumRetention(Duration quorumRetention) {
    this.quorumRetention = quorumRetention;
  }

  /** The {@code retention.ms} this node declares for {@code topic}'s log, if any. */
  public Optional<Duration> retentionOf(GossipTopic topic) {
    return switch (topic) {
      case BLOCK_PROPOSAL, CHECKPOINT_PROPOSAL -> Optional.ofNullable(proposalRetention);
      case CHECKPOINT_QUORUM -> Optional.ofNullable(quorumRetention);
      case TX, CHECKPOINT_ATTESTATION -> Optional.empty();
    };
  }

  public String getNetworkPrefix() {
    return networkPrefix;
  }

  public void setNetworkPrefix(String networkPrefix) {
    this.networkPrefix = networkPrefix;
  }

  public int getPartitions() {
    return partitions;
  }

  public void setPartitions(int partitions) {
    this.partitions = partitions;
  }

  public short getReplicationFactor() {
    return replicationFactor;
  }

  public void setReplicationFactor(short replicationFactor) {
    this.replicationFactor = replicationFactor;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public String getDeadLetterSuffix() {
    return deadLetterSuffix;
  }

  public void setDeadLetterSuffix(String deadLetterSuffix) {
    this.deadLetterSuffix = deadLetterSuffix;
  }

  public String getAutoOffsetReset() {
    return autoOffsetReset;
  }

  public void setAutoOffsetReset(String autoOffsetReset) {
    this.autoOffsetReset = autoOffsetReset;
  }

  public boolean isStaticMembership() {
    return staticMembership;
  }

  public void setStaticMembership(boolean staticMembership) {
    this.staticMembership = staticMembership;
  }

  public Duration getSessionTimeout() {
    return sessionTimeout;
  }

  public void setSessionTimeout(Duration sessionTimeout) {
    this.sessionTimeout = sessionTimeout;
  }

  public Duration getDeadLetterTimeout() {
    return deadLetterTimeout;
  }

  public void setDeadLetterTimeout(Duration deadLetterTimeout) {
    this.deadLetterTimeout = deadLetterTimeout;
  }

  public DataSize getDeadLetterBacklog() {
    return deadLetterBacklog;
  }

  public void setDeadLetterBacklog(DataSize deadLetterBacklog) {
    this.deadLetterBacklog = deadLetterBacklog;
  }

  public boolean isCreateTopics() {
    return createTopics;
  }

  public void setCreateTopics(boolean createTopics) {
    this.createTopics = createTopics;
  }

  /**
   * Micrometer Observation on the gossip producer and listener containers: per-record timers
   * ({@code spring.kafka.template}, {@code spring.kafka.listener}) and, with a tracing bridge, the
   * trace context carried in each record's {@code traceparent} header, so a listener's log lines
   * carry the publisher's trace id. Needs an {@code ObservationRegistry} bean (actuator).
   */
  private boolean observationEnabled = true;

  /**
   * Observe the tx topic too. Off by default: it carries thousands of records a second, each of
   * which every node consumes; a tx is followed by its hash ({@code GET /api/v1/txs/{hash}}) and
   * by the blocks that hold it.
   */
  private boolean observeTxTopic = false;

  public boolean isObservationEnabled() {
    return observationEnabled;
  }

  public void setObservationEnabled(boolean observationEnabled) {
    this.observationEnabled = observationEnabled;
  }

  public boolean isObserveTxTopic() {
    return observeTxTopic;
  }

  public void setObserveTxTopic(boolean observeTxTopic) {
    this.observeTxTopic = observeTxTopic;
  }

  public Duration getTxFetchWait() {
    return txFetchWait;
  }

  public void setTxFetchWait(Duration txFetchWait) {
    if (txFetchWait.isNegative()) {
      throw new IllegalArgumentException("tx-fetch-wait must not be negative, got " + txFetchWait);
    }
    this.txFetchWait = txFetchWait;
  }

  public DataSize getTxFetchMinBytes() {
    return txFetchMinBytes;
  }

  public void setTxFetchMinBytes(DataSize txFetchMinBytes) {
    if (txFetchMinBytes.toBytes() < 1) {
      throw new IllegalArgumentException(
          "tx-fetch-min-bytes must be at least 1 byte, got " + txFetchMinBytes);
    }
    this.txFetchMinBytes = txFetchMinBytes;
  }

  public Duration getTxCommitInterval() {
    return txCommitInterval;
  }

  public void setTxCommitInterval(Duration txCommitInterval) {
    this.txCommitInterval = commitInterval("tx-commit-interval", txCommitInterval);
  }

  public Duration getProposalCommitInterval() {
    return proposalCommitInterval;
  }

  public void setProposalCommitInterval(Duration proposalCommitInterval) {
    this.proposalCommitInterval =
        commitInterval("proposal-commit-interval", proposalCommitInterval);
  }

  /** Spring Kafka takes a timer of at least 1 ms; refused here, so the error names the property. */
  private static Duration commitInterval(String property, Duration interval) {
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException(property + " must be at least 1ms, got " + interval);
    }
    return interval;
  }
}

package dev.slotstream.attestation.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code slotstream.attestation.*}.
 *
 * @param consumerGroup Kafka consumer group of the attestation listener. Instances sharing it split
 *     the partitions between them; the Redis claim keeps emission single either way
 * @param redisKeyPrefix prefix of every pool key; give each network its own
 * @param retainSlots slots kept in the pool behind the current one; older ones are pruned and
 *     every key expires after this many slot durations
 * @param slotCapacityPerMember attestations kept per slot = this × committee size (counted plus
 *     evidence), so a flood from a few signers cannot grow a slot without bound
 * @param outageBuffer attestations kept in memory for replay while the pool (Redis) is
 *     unavailable; beyond it the oldest go
 * @param outageProbeInterval while the pool is unavailable, how often the next attestation tries
 *     it again (by replaying the buffer) instead of going straight to the in-memory pool
 */
@ConfigurationProperties("slotstream.attestation")
@Validated
public record AttestationProperties(
    @DefaultValue("attestation-service") @NotBlank String consumerGroup,
    @DefaultValue("slotstream:attestations") @NotBlank String redisKeyPrefix,
    @DefaultValue("32") @Min(2) int retainSlots,
    @DefaultValue("2") @Min(1) int slotCapacityPerMember,
    @DefaultValue("10000") @Min(1) int outageBuffer,
    @DefaultValue("250ms") java.time.Duration outageProbeInterval) {}

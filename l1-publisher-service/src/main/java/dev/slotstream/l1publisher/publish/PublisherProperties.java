package dev.slotstream.l1publisher.publish;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code slotstream.l1.publisher.*}: which checkpoints this instance publishes.
 *
 * @param leaderGroup the Kafka consumer group shared by every publisher instance of one network;
 *     the instance that owns a slot's partition of checkpoint_quorum in it publishes that slot.
 *     Empty: {@code <network-prefix>.l1-publisher}
 * @param recentPublications publications kept for {@code GET /api/v1/publications}
 */
@Validated
@ConfigurationProperties("slotstream.l1.publisher")
public record PublisherProperties(
    @DefaultValue("") String leaderGroup, @Min(1) @DefaultValue("256") int recentPublications) {}

package dev.slotstream.attestation.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shared protocol parameters, the same for every service of one network
 * ({@code slotstream.protocol.*}; in Kubernetes they come from the chart's ConfigMap).
 *
 * @param networkPrefix  domain-separation prefix of the network (signing domains, topic names)
 * @param genesisTime    unix seconds of slot 0; 0 means not configured
 * @param slotDurationMs length of one L1 slot in milliseconds
 * @param chainId        L1 chain id the rollup contract lives on
 * @param rollupAddress  address of the rollup contract on L1
 */
@ConfigurationProperties("slotstream.protocol")
public record ProtocolProperties(
        String networkPrefix, long genesisTime, long slotDurationMs, long chainId, String rollupAddress) {}

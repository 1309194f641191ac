package dev.slotstream.validator.web;

/**
 * One equivocation proof: two different signed payloads by the same signer for one position. The
 * encodings are the complete gossip messages (hex, 0x-prefixed), each with its own signature, so
 * anyone can verify them (and report the signer) without this node.
 */
public record EvidenceResponse(
    String kind,
    long slot,
    int index,
    String signer,
    String firstId,
    String secondId,
    String firstEncoding,
    String secondEncoding) {}

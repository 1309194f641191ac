package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;

/**
 * A slashing protector whose history moves between nodes as an EIP-3076 interchange (see {@link
 * InterchangeMapping} for how our duties map onto it). {@code network} is the network's EIP-712
 * domain separator ({@code ProtocolSigner.domainSeparator()}); it is the document's {@code
 * genesis_validators_root}.
 */
public interface SlashingProtectionInterchange {
  /** Every signer's records, as of the call. Stop signing first if the keys are moving. */
  InterchangeDocument exportInterchange(Bytes32 network);

  /**
   * Merges a document into the record. Conservative: nothing already held is loosened, the
   * attestation high-water mark never goes down, and a duty whose payloads disagree ends up
   * refusing every payload. The document is validated in full before anything is written.
   *
   * @throws InterchangeException if the document is malformed, of another version or of another
   *     network; nothing was imported
   * @throws SlashingProtectionException if the record could not be written
   */
  ImportSummary importInterchange(InterchangeDocument document, Bytes32 network);
}

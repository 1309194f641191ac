package dev.slotstream.core.slashing;

import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.slashing.InterchangeDocument.SignedAttestation;
import dev.slotstream.core.slashing.InterchangeDocument.SignedBlock;
import dev.slotstream.core.slashing.InterchangeDocument.SignerData;
import dev.slotstream.core.slashing.InterchangeException.Problem;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How Slotstream's duties map onto EIP-3076 (format 5), both ways.
 *
 * <ul>
 *   <li>{@code genesis_validators_root}: the network's EIP-712 domain separator (it binds name,
 *       version, chain id and rollup address).
 *   <li>{@code pubkey}: the signer's 20-byte address, 0x-prefixed lowercase hex.
 *   <li>{@code signing_root}: the signed payload hash (the EIP-712 digest follows from it, the
 *       kind and the domain); absent when the record holds none.
 *   <li>{@code signed_blocks}: both proposal kinds, at {@code slot × 128 + position}, where
 *       position is the block index (below 72) for a block and 127 for the checkpoint proposal. Every
 *       duty gets its own interchange slot, increasing in signing order, so an Ethereum tool sees no
 *       double proposal and its "slot ≤ highest" rule only ever refuses more than ours.
 *   <li>{@code signed_attestations}: target = the attested slot, source = the signer's previous
 *       attested slot (its own slot for the first). Our rule (nothing at or below the highest
 *       attested slot) then holds in an Ethereum tool too: a slot between two attestations is
 *       surrounded, one below them is under the minimum target, one at them is a double vote.
 * </ul>
 */
final class InterchangeMapping {
  static final int STRIDE = 128;
  static final int CHECKPOINT_POSITION = STRIDE - 1;
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,19}");
  private static final Pattern HEX32 = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern HEX20 = Pattern.compile("0x[0-9a-fA-F]{40}");

  /** What a document holds for Slotstream: one record per duty, and the duties it contradicts. */
  record Parsed(Map<EthAddress, List<SigningRecord>> records, List<SigningDuty> contradictions) {}

  private InterchangeMapping() {}

  static InterchangeDocument toDocument(
      Bytes32 network, Map<EthAddress, List<SigningRecord>> bySigner) {
    List<SignerData> data = new ArrayList<>();
    new TreeMap<>(bySigner)
        .forEach(
            (signer, records) -> {
              List<SignedBlock> blocks = new ArrayList<>();
              List<SignedAttestation> attestations = new ArrayList<>();
              long previousAttested = -1;
              for (SigningRecord r : sortedForExport(records)) {
                String root = r.knownPayload().map(Bytes32::toHex).orElse(null);
                if (r.kind() == DutyKind.CHECKPOINT_ATTESTATION) {
                  long slot = r.slot().value();
                  long source = previousAttested < 0 ? slot : previousAttested;
                  attestations.add(
                      new SignedAttestation(Long.toString(source), Long.toString(slot), root));
                  previousAttested = slot;
                } else {
                  blocks.add(new SignedBlock(Long.toUnsignedString(blockSlot(signer, r)), root));
                }
              }
              data.add(new SignerData(signer.toHex(), blocks, attestations));
            });
    return new InterchangeDocument(
        new InterchangeDocument.Metadata(InterchangeDocument.FORMAT_VERSION, network.toHex()),
        data);
  }

  /** Validates the whole document before anything is imported. */
  static Parsed fromDocument(InterchangeDocument doc, Bytes32 network) {
    Objects.requireNonNull(doc, "doc");
    if (doc.metadata() == null) {
      throw malformed("metadata is missing");
    }
    String version = doc.metadata().interchangeFormatVersion();
    if (version == null) {
      throw malformed("metadata.interchange_format_version is missing");
    }
    if (!InterchangeDocument.FORMAT_VERSION.equals(version)) {
      throw new InterchangeException(
          Problem.UNSUPPORTED_VERSION,
          "metadata.interchange_format_version is \"" + version + "\"; only \"5\" is supported");
    }
    Bytes32 root =
        hash32(doc.metadata().genesisValidatorsRoot(), "metadata.genesis_validators_root");
    if (!root.equals(network)) {
      throw new InterchangeException(
          Problem.WRONG_NETWORK,
          "metadata.genesis_validators_root "
              + root.toHex()
              + " is not this network's ("
              + network.toHex()
              + ", the EIP-712 domain separator of its chain id and rollup contract)");
    }
    if (doc.data() == null) {
      throw malformed("data is missing");
    }
    Map<EthAddress, Map<SigningDuty, SigningRecord>> merged = new LinkedHashMap<>();
    List<SigningDuty> contradictions = new ArrayList<>();
    for (int i = 0; i < doc.data().size(); i++) {
      String at = "data[" + i + "]";
      SignerData entry = doc.data().get(i);
      if (entry == null) {
        throw malformed(at + " is null");
      }
      EthAddress signer = address(entry.pubkey(), at + ".pubkey");
      if (entry.signedBlocks() == null) {
        throw malformed(at + ".signed_blocks is missing");
      }
      if (entry.signedAttestations() == null) {
        throw malformed(at + ".signed_attestations is missing");
      }
      Map<SigningDuty, SigningRecord> duties =
          merged.computeIfAbsent(signer, s -> new LinkedHashMap<>());
      for (int b = 0; b < entry.signedBlocks().size(); b++) {
        String bat = at + ".signed_blocks[" + b + "]";
        SignedBlock block = entry.signedBlocks().get(b);
        if (block == null) {
          throw malformed(bat + " is null");
        }
        Bytes32 payload =
            block.signingRoot() == null ? null : hash32(block.signingRoot(), bat + ".signing_root");
        SigningRecord r = blockRecord(uint64(block.slot(), bat + ".slot"), bat + ".slot", payload);
        add(duties, signer, r, contradictions);
      }
      for (int a = 0; a < entry.signedAttestations().size(); a++) {
        String aat = at + ".signed_attestations[" + a + "]";
        SignedAttestation att = entry.signedAttestations().get(a);
        if (att == null) {
          throw malformed(aat + " is null");
        }
        long source = slot(att.sourceEpoch(), aat + ".source_epoch");
        long target = slot(att.targetEpoch(), aat + ".target_epoch");
        if (source > target) {
          throw malformed(aat + ": source_epoch " + source + " is above target_epoch " + target);
        }
        Bytes32 payload =
            att.signingRoot() == null ? null : hash32(att.signingRoot(), aat + ".signing_root");
        add(
            duties,
            signer,
            new SigningRecord(DutyKind.CHECKPOINT_ATTESTATION, SlotNumber.of(target), 0, payload),
            contradictions);
      }
    }
    Map<EthAddress, List<SigningRecord>> out = new LinkedHashMap<>();
    merged.forEach((signer, duties) -> out.put(signer, List.copyOf(duties.values())));
    return new Parsed(out, List.copyOf(contradictions));
  }

  /** Two entries for one duty that disagree leave "signed, payload unknown". */
  private static void add(
      Map<SigningDuty, SigningRecord> duties,
      EthAddress signer,
      SigningRecord r,
      List<SigningDuty> contradictions) {
    SigningDuty duty = r.duty(signer);
    SigningRecord held = duties.putIfAbsent(duty, r);
    if (held != null && !Objects.equals(held.payloadHash(), r.payloadHash())) {
      if (held.payloadHash() != null && r.payloadHash() != null) {
        contradictions.add(duty);
      }
      duties.put(duty, SigningRecord.unknownPayload(r.kind(), r.slot(), r.index()));
    }
  }

  private static List<SigningRecord> sortedForExport(List<SigningRecord> records) {
    List<SigningRecord> out = new ArrayList<>(records);
    out.sort(
        Comparator.comparingLong((SigningRecord r) -> r.slot().value())
            .thenComparingInt(InterchangeMapping::position));
    return out;
  }

  private static int position(SigningRecord r) {
    return r.kind() == DutyKind.CHECKPOINT_PROPOSAL ? CHECKPOINT_POSITION : r.index();
  }

  /** {@code slot × 128 + position} as an unsigned 64-bit value. */
  static long blockSlot(EthAddress signer, SigningRecord r) {
    if (r.kind() == DutyKind.BLOCK_PROPOSAL
        && r.index() >= ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT) {
      throw new SlashingProtectionException(
          "cannot export "
              + r.duty(signer)
              + ": block index is not below "
              + ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT);
    }
    long slot = r.slot().value();
    if (Long.compareUnsigned(slot, Long.divideUnsigned(-1L, STRIDE)) > 0) {
      throw new SlashingProtectionException(
          "cannot export " + r.duty(signer) + ": slot × " + STRIDE + " overflows a uint64");
    }
    return slot * STRIDE + position(r);
  }

  private static SigningRecord blockRecord(long value, String at, Bytes32 payload) {
    long slot = Long.divideUnsigned(value, STRIDE);
    int position = (int) Long.remainderUnsigned(value, STRIDE);
    if (position == CHECKPOINT_POSITION) {
      return new SigningRecord(DutyKind.CHECKPOINT_PROPOSAL, SlotNumber.of(slot), 0, payload);
    }
    if (position < ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT) {
      return new SigningRecord(DutyKind.BLOCK_PROPOSAL, SlotNumber.of(slot), position, payload);
    }
    throw malformed(
        at
            + " "
            + Long.toUnsignedString(value)
            + " is slot "
            + slot
            + " position "
            + position
            + ": a position is a block index below "
            + ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT
            + " or "
            + CHECKPOINT_POSITION
            + " for the checkpoint proposal");
  }

  private static long uint64(String value, String at) {
    if (value == null) {
      throw malformed(at + " is missing");
    }
    if (!DECIMAL.matcher(value).matches()) {
      throw malformed(at + " \"" + value + "\" is not a decimal uint64 string");
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw malformed(at + " \"" + value + "\" is above the uint64 range");
    }
  }

  /** A uint64 that is also one of our slots (a signed long). */
  private static long slot(String value, String at) {
    long v = uint64(value, at);
    if (v < 0) {
      throw malformed(
          at + " " + Long.toUnsignedString(v) + " is above the largest slot " + Long.MAX_VALUE);
    }
    return v;
  }

  private static Bytes32 hash32(String value, String at) {
    if (value == null) {
      throw malformed(at + " is missing");
    }
    if (!HEX32.matcher(value).matches()) {
      throw malformed(at + " \"" + value + "\" is not 0x and 64 hex digits");
    }
    return Bytes32.fromHex(value);
  }

  private static EthAddress address(String value, String at) {
    if (value == null) {
      throw malformed(at + " is missing");
    }
    if (!HEX20.matcher(value).matches()) {
      throw malformed(
          at
              + " \""
              + value
              + "\" is not a Slotstream signer: expected a 20-byte secp256k1 address (0x and 40 hex"
              + " digits), not a BLS public key");
    }
    return EthAddress.fromHex(value);
  }

  private static InterchangeException malformed(String message) {
    return new InterchangeException(Problem.MALFORMED, message);
  }
}

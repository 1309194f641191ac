package dev.slotstream.l1.follow;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.l1.L1BlockRef;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.l1.ProposeCall;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Decodes the input of a {@code Rollup.propose} transaction (docs/PROTOCOL.md §16.3) back into a
 * {@link ProposeCall}, and that into the core's {@link L1Checkpoint}.
 */
public final class ProposeCalldata {
  public static final String SIGNATURE =
      "propose(bytes,bytes32,bytes,bytes,address[],uint256,bytes,bytes)";
  public static final String SELECTOR =
      Numeric.toHexString(Hash.sha3(SIGNATURE.getBytes(StandardCharsets.US_ASCII)), 0, 4, true);

  private ProposeCalldata() {}

  /** The call in {@code input} (0x-prefixed hex, selector first). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static ProposeCall decode(String input) {
    String hex = Numeric.cleanHexPrefix(input);
    if (hex.length() < 8 || !("0x" + hex.substring(0, 8).toLowerCase()).equals(SELECTOR)) {
      throw new IllegalArgumentException("not a propose call: " + abbreviate(input));
    }
    List<TypeReference<?>> refs =
        List.of(
            new TypeReference<DynamicBytes>() {},
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
            new TypeReference<DynamicBytes>() {},
            new TypeReference<DynamicBytes>() {},
            new TypeReference<DynamicArray<Address>>() {},
            new TypeReference<Uint256>() {},
            new TypeReference<DynamicBytes>() {},
            new TypeReference<DynamicBytes>() {});
    List<Type> args =
        FunctionReturnDecoder.decode(hex.substring(8), (List<TypeReference<Type>>) (List) refs);
    if (args.size() != refs.size()) {
      throw new IllegalArgumentException("malformed propose call: " + abbreviate(input));
    }
    List<EthAddress> committee =
        ((DynamicArray<Address>) args.get(4))
            .getValue().stream().map(a -> EthAddress.fromHex(a.getValue())).toList();
    return new ProposeCall(
        bytes(args.get(0)),
        ((org.web3j.abi.datatypes.generated.Bytes32) args.get(1)).getValue(),
        bytes(args.get(2)),
        bytes(args.get(3)),
        committee,
        ((Uint256) args.get(5)).getValue(),
        bytes(args.get(6)),
        bytes(args.get(7)));
  }

  /** The checkpoint the call landed, numbered by its {@code CheckpointProposed} event. */
  public static L1Checkpoint toCheckpoint(
      ProposeCall call, CheckpointNumber number, L1BlockRef block, Bytes32 txHash) {
    CheckpointHeader header = CheckpointHeader.read(new ByteReader(call.header()));
    CheckpointPayload payload = new CheckpointPayload(header, Fr.fromBytes(call.archive()));
    Signature proposerSignature = Signature.fromBytes(call.proposerSignature());
    byte[] sigs = call.signatures();
    List<Integer> positions = new ArrayList<>();
    List<CheckpointAttestation> attestations = new ArrayList<>();
    BigInteger bitmap = call.signerBitmap();
    for (int pos = 0, at = 0; pos < call.committee().size(); pos++) {
      if (!bitmap.testBit(pos)) {
        continue;
      }
      positions.add(pos);
      attestations.add(
          new CheckpointAttestation(
              payload,
              Signature.fromBytes(Arrays.copyOfRange(sigs, at, at + Signature.SIZE)),
              proposerSignature));
      at += Signature.SIZE;
    }
    CheckpointQuorum quorum =
        new CheckpointQuorum(payload, call.committee().size(), positions, attestations);
    return new L1Checkpoint(
        number,
        quorum,
        blockHeaders(call.blockHeaders()),
        txEffects(call.txEffects()),
        block,
        txHash);
  }

  static List<BlockHeader> blockHeaders(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    List<BlockHeader> out = new ArrayList<>();
    while (r.remaining() > 0) {
      out.add(BlockHeader.read(r));
    }
    return out;
  }

  /** §7.4: txHash ‖ nullifier ‖ noteHash ‖ u64 fee ‖ u64 manaUsed ‖ u32 n ‖ n × (key ‖ value). */
  static List<TxEffect> txEffects(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    List<TxEffect> out = new ArrayList<>();
    while (r.remaining() > 0) {
      out.add(TxEffect.read(r));
    }
    return out;
  }

  private static byte[] bytes(Type<?> t) {
    return (byte[]) t.getValue();
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 18 ? s.substring(0, 18) + "…" : s;
  }
}

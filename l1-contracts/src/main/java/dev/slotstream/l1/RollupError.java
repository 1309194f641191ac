package dev.slotstream.l1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The custom errors of {@code Rollup.sol}, each with its ABI parameter types, so revert data (a
 * 4-byte selector and ABI-encoded arguments) decodes to one of them. {@code RollupErrorTest} checks
 * this list against the compiled ABI.
 */
public enum RollupError {
  BEFORE_GENESIS("BeforeGenesis", Uint256.class, Uint256.class),
  HEADER_LENGTH_MISMATCH("HeaderLengthMismatch", Uint256.class),
  SLOT_NOT_CURRENT("SlotNotCurrent", Uint256.class, Uint256.class),
  SLOT_ALREADY_PROPOSED("SlotAlreadyProposed", Uint256.class, Uint256.class),
  TIMESTAMP_MISMATCH("TimestampMismatch", Uint256.class, Uint256.class),
  LAST_ARCHIVE_MISMATCH("LastArchiveMismatch", Bytes32.class, Bytes32.class),
  MALFORMED_TX_EFFECTS("MalformedTxEffects", Uint256.class),
  TX_EFFECTS_MISMATCH("TxEffectsMismatch", Bytes32.class, Bytes32.class),
  MALFORMED_BLOCK_HEADERS("MalformedBlockHeaders", Uint256.class),
  BLOCK_HEADERS_MISMATCH("BlockHeadersMismatch", Bytes32.class, Bytes32.class),
  COMMITTEE_MISMATCH("CommitteeMismatch", Uint256.class, Bytes32.class, Bytes32.class),
  INVALID_PROPOSER_SIGNATURE("InvalidProposerSignature"),
  WRONG_PROPOSER("WrongProposer", Address.class, Address.class),
  ATTESTATION_BITMAP_OUT_OF_RANGE("AttestationBitmapOutOfRange", Uint256.class, Uint256.class),
  INSUFFICIENT_ATTESTATIONS("InsufficientAttestations", Uint256.class, Uint256.class),
  SIGNATURES_LENGTH_MISMATCH("SignaturesLengthMismatch", Uint256.class, Uint256.class),
  INVALID_SIGNATURE("InvalidSignature", Uint256.class),
  SIGNER_NOT_IN_COMMITTEE("SignerNotInCommittee", Uint256.class, Address.class),
  DUPLICATE_SIGNER("DuplicateSigner", Uint256.class, Address.class),
  SIGNER_AT_WRONG_POSITION("SignerAtWrongPosition", Uint256.class, Address.class, Uint256.class),
  NOT_OWNER("NotOwner", Address.class),
  EMPTY_VALIDATOR_SET("EmptyValidatorSet"),
  DUPLICATE_VALIDATOR("DuplicateValidator", Address.class),
  NOT_A_VALIDATOR("NotAValidator", Address.class),
  INVALID_CONFIG("InvalidConfig", Utf8String.class),
  EPOCH_TOO_FAR_AHEAD("EpochTooFarAhead", Uint256.class, Uint256.class);

  private final String solidityName;
  private final List<Class<? extends Type<?>>> parameterTypes;
  private final String signature;
  private final String selector;

  @SafeVarargs
  RollupError(String solidityName, Class<? extends Type<?>>... parameterTypes) {
    this.solidityName = solidityName;
    this.parameterTypes = List.of(parameterTypes);
    this.signature =
        solidityName
            + "("
            + String.join(",", Arrays.stream(parameterTypes).map(RollupError::abiName).toList())
            + ")";
    this.selector =
        Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)), 0, 4, true);
  }

  private static String abiName(Class<? extends Type<?>> type) {
    if (type == Uint256.class) {
      return "uint256";
    }
    if (type == Bytes32.class) {
      return "bytes32";
    }
    if (type == Address.class) {
      return "address";
    }
    if (type == Utf8String.class) {
      return "string";
    }
    throw new IllegalArgumentException("no ABI name for " + type);
  }

  public String solidityName() {
    return solidityName;
  }

  /** e.g. {@code WrongProposer(address,address)}. */
  public String signature() {
    return signature;
  }

  /** 0x-prefixed 4-byte selector. */
  public String selector() {
    return selector;
  }

  /** A decoded revert: which error and its arguments. */
  public record Revert(RollupError error, List<Type> arguments) {
    public Revert {
      arguments = List.copyOf(arguments);
    }

    public Object argument(int i) {
      return arguments.get(i).getValue();
    }
  }

  /** Decodes revert data ({@code 0x} + selector + arguments); empty when it is no Rollup error. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Optional<Revert> decode(String revertData) {
    if (revertData == null) {
      return Optional.empty();
    }
    String hex = Numeric.cleanHexPrefix(revertData);
    if (hex.length() < 8) {
      return Optional.empty();
    }
    String sel = "0x" + hex.substring(0, 8).toLowerCase();
    for (RollupError e : values()) {
      if (e.selector.equals(sel)) {
        List<TypeReference<Type>> refs =
            e.parameterTypes.stream()
                .map(t -> (TypeReference<Type>) (TypeReference) TypeReference.create((Class) t))
                .toList();
        List<Type> args =
            refs.isEmpty() ? List.of() : FunctionReturnDecoder.decode(hex.substring(8), refs);
        return Optional.of(new Revert(e, args));
      }
    }
    return Optional.empty();
  }
}

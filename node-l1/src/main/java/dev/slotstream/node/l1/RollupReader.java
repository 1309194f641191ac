package dev.slotstream.node.l1;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.l1.ReadOnlyRollup;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;

/**
 * Reads the Rollup contract through its generated wrapper, read-only (no key: nothing is ever
 * sent). An {@link IOException} means L1 did not answer and the read may be tried again; a {@link
 * NotARollupException} is an answer: the code at the address is not a Rollup.
 */
public final class RollupReader implements ValidatorSetSource {
  private final Web3j web3j;
  private final String address;
  private final Rollup rollup;

  public RollupReader(Web3j web3j, String rollupAddress) {
    this.web3j = web3j;
    this.address = rollupAddress;
    this.rollup = ReadOnlyRollup.load(web3j, rollupAddress);
  }

  @Override
  public String address() {
    return address;
  }

  public long chainId() throws IOException {
    return answer(web3j.ethChainId().send()).getChainId().longValueExact();
  }

  public boolean hasCode() throws IOException {
    String code =
        answer(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send()).getCode();
    return code != null && !code.isBlank() && !code.equals("0x");
  }

  @Override
  public List<EthAddress> validatorsAt(EpochNumber epoch) throws IOException {
    return call(() -> addresses(rollup.validatorsAt(BigInteger.valueOf(epoch.value())).send()));
  }

  /**
   * The timestamp (Unix seconds) of L1's latest block: the contract's "now", from which a
   * validator-set change made in the next block counts its lag.
   */
  @Override
  public long latestBlockTimestamp() throws IOException {
    return answer(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
        .getBlock()
        .getTimestamp()
        .longValueExact();
  }

  /** {@code VALIDATOR_SET_LAG()}: how many epochs after the current one a set change applies. */
  @Override
  public long validatorSetLag() throws IOException {
    return call(() -> rollup.VALIDATOR_SET_LAG().send().longValueExact());
  }

  /** The chain id, and everything the contract holds that the node is configured with. */
  public RollupOnL1 read(EpochNumber epoch) throws IOException {
    long chainId = chainId();
    if (!hasCode()) {
      return new RollupOnL1(chainId, Optional.empty());
    }
    BigInteger e = BigInteger.valueOf(epoch.value());
    return call(
        () ->
            new RollupOnL1(
                chainId,
                Optional.of(
                    new RollupOnL1.Contract(
                        rollup.genesisTime().send().longValueExact(),
                        rollup.slotDuration().send().longValueExact(),
                        rollup.epochLength().send().longValueExact(),
                        Bytes32.wrap(rollup.baseSeed().send()),
                        rollup.targetCommitteeSize().send().longValueExact(),
                        epoch,
                        addresses(rollup.validatorsAt(e).send()),
                        addresses(rollup.getCommittee(e).send()),
                        Bytes32.wrap(rollup.domainSeparator().send())))));
  }

  private interface ContractCall<T> {
    T call() throws Exception;
  }

  /** web3j's wrapper throws {@link Exception}: keep I/O failures retryable, the rest answers. */
  private <T> T call(ContractCall<T> call) throws IOException {
    try {
      return call.call();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new NotARollupException("a contract that does not answer as a Rollup (" + e + ")", e);
    }
  }

  private static List<EthAddress> addresses(List<?> words) {
    return words.stream().map(w -> EthAddress.fromHex(w.toString())).toList();
  }

  private static <R extends Response<?>> R answer(R response) {
    if (response.hasError()) {
      throw new IllegalStateException("L1 node error: " + response.getError().getMessage());
    }
    return response;
  }

  /** The code at the rollup address does not answer the Rollup's functions. */
  public static final class NotARollupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotARollupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

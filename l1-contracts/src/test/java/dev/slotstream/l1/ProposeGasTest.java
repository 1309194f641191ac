package dev.slotstream.l1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.anvil.LocalAnvil;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Guards the gas goal: 48 members, 33 signatures, an empty checkpoint, at most 300,000 gas. */
class ProposeGasTest {
  @Test
  void fullQuorumOfA48MemberCommitteeFitsTheGoal() throws Exception {
    try (LocalAnvil anvil = LocalAnvil.start();
        L1Client client =
            L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY)) {
      Fr genesis = Fr.of(5);
      RollupFixture f = RollupFixture.deploy(client, 48, 48, genesis);
      f.enterSlot(1, 0);
      assertThat(f.rollup.setupEpoch(BigInteger.ZERO).send().isStatusOK()).isTrue();
      // The first checkpoint also writes the tip's storage from zero; measure the second.
      var first = f.payload(1, genesis, java.util.List.of());
      f.enterSlot(1, 1);
      assertThat(client.propose(f.rollup, f.certified(first, java.util.List.of())).isStatusOK())
          .isTrue();

      ProposeCall call =
          f.certified(f.payload(2, first.archive(), java.util.List.of()), java.util.List.of());
      assertThat(call.signatureCount()).isEqualTo(33);
      f.enterSlot(2, 1);
      TransactionReceipt receipt = client.propose(f.rollup, call);

      assertThat(receipt.isStatusOK()).isTrue();
      System.out.printf(
          "propose, 48 members, 33 signatures, empty: %,d gas%n", receipt.getGasUsed());
      assertThat(receipt.getGasUsed()).isLessThanOrEqualTo(BigInteger.valueOf(300_000));
    }
  }
}

package dev.slotstream.core.exec;

import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.StorageWrite;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Seeded builders for execution tests: accounts, a genesis, signed txs, checkpoint globals. */
public final class ExecFixtures {
  public static final long CHAIN_ID = 31337;
  public static final long VERSION = 1;
  public static final EthAddress ROLLUP =
      EthAddress.fromHex("0x5105000000000000000000000000000000000001");
  public static final ProtocolSigner SIGNER =
      new ProtocolSigner(SigningDomain.of(CHAIN_ID, ROLLUP));
  public static final long INITIAL_BALANCE = 1_000_000_000L;
  public static final EthAddress COINBASE =
      EthAddress.fromHex("0xc0ffee0000000000000000000000000000000001");
  public static final EthAddress FEE_RECIPIENT =
      EthAddress.fromHex("0xfee0000000000000000000000000000000000001");
  public static final GasFees GAS_FEES = new GasFees(0, 1);

  private static final List<SigningKey> ACCOUNTS =
      IntStream.range(0, 64).mapToObj(i -> SigningKey.fromSeed("exec-account-" + i)).toList();

  private ExecFixtures() {}

  public static SigningKey account(int i) {
    return ACCOUNTS.get(i);
  }

  public static List<SigningKey> accounts(int n) {
    return ACCOUNTS.subList(0, n);
  }

  /** The first {@code n} accounts, each holding {@link #INITIAL_BALANCE}. */
  public static Map<EthAddress, Long> balances(int n) {
    Map<EthAddress, Long> m = new LinkedHashMap<>();
    for (SigningKey k : accounts(n)) {
      m.put(k.address(), INITIAL_BALANCE);
    }
    return m;
  }

  public static WorldState genesis(int accounts) {
    return WorldState.genesis(CHAIN_ID, VERSION, balances(accounts));
  }

  public static TxValidator validator() {
    return new TxValidator(CHAIN_ID, SIGNER::recoverTxSender);
  }

  public static CheckpointGlobals globals(long slot) {
    return new CheckpointGlobals(
        CHAIN_ID,
        VERSION,
        SlotNumber.of(slot),
        1_700_000_000L + slot * 72,
        COINBASE,
        FEE_RECIPIENT,
        GAS_FEES);
  }

  public static List<Fr> messages(int n) {
    List<Fr> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Fr.of(1000 + i));
    }
    return out;
  }

  public static TxPayload payload(
      SigningKey from, long nonce, long fee, List<Transfer> transfers, List<StorageWrite> writes) {
    return new TxPayload(CHAIN_ID, from.address(), nonce, fee, transfers, writes);
  }

  public static Tx sign(TxPayload payload, SigningKey key) {
    return SIGNER.signTx(payload, key);
  }

  /** A signed single transfer with a fee that covers its mana at {@link #GAS_FEES}. */
  public static Tx transfer(SigningKey from, long nonce, EthAddress to, long amount) {
    return sign(payload(from, nonce, 20_000, List.of(new Transfer(to, amount)), List.of()), from);
  }

  /**
   * A seeded stream of valid txs among the first {@code n} accounts: mostly transfers, some with
   * storage writes. It tracks nonces, so consecutive batches stay valid in order.
   */
  public static final class TxGenerator {
    private final Random random;
    private final int n;
    private final long[] nonces;

    public TxGenerator(long seed, int n) {
      this.random = new Random(seed);
      this.n = n;
      this.nonces = new long[n];
    }

    public List<Tx> next(int count) {
      List<Tx> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int from = random.nextInt(n);
        SigningKey key = account(from);
        List<Transfer> transfers = new ArrayList<>();
        int t = 1 + random.nextInt(2);
        for (int j = 0; j < t; j++) {
          transfers.add(
              new Transfer(account(random.nextInt(n)).address(), 1 + random.nextInt(1000)));
        }
        List<StorageWrite> writes = new ArrayList<>();
        if (random.nextInt(4) == 0) {
          writes.add(new StorageWrite(Fr.of(random.nextInt(8)), Fr.of(random.nextInt(1 << 20))));
        }
        out.add(
            sign(
                payload(key, nonces[from]++, 30_000 + random.nextInt(100), transfers, writes),
                key));
      }
      return out;
    }
  }
}

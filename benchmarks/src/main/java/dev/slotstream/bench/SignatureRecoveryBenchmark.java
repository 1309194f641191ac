package dev.slotstream.bench;

import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import fr.acinq.secp256k1.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * secp256k1 with libsecp256k1 (JNI, fr.acinq secp256k1-kmp) against web3j (BouncyCastle), over a
 * pool of pre-made signatures so no two consecutive calls see the same input.
 *
 * <ul>
 *   <li>{@code recover}: digest + signature → address (what {@code SignatureRecovery} does)
 *   <li>{@code recoverTxSender}: the whole per-tx check of {@code ProtocolSigner}: encode the
 *       payload, keccak, EIP-712 digest, recover
 *   <li>{@code sign}: a usable Ethereum signature (r, s, v) of a digest. web3j is what {@code
 *       SigningKey.sign} does today; libsecp256k1 has no recoverable-sign call in secp256k1-kmp, so
 *       its row is ecdsa_sign plus one trial recovery to find v (a reference for what native
 *       signing would cost, not a code path of the project)
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureRecoveryBenchmark {
  static final int POOL = 256;

  @Param({"libsecp256k1", "web3j"})
  public String impl;

  private SignatureRecovery recovery;
  private ProtocolSigner signer;
  private Bytes32[] digests;
  private Signature[] signatures;
  private EthAddress[] signers;
  private Tx[] txs;
  private SigningKey[] keys;
  private byte[][] privateKeys;
  private byte[][] publicKeys;
  private Secp256k1 secp;
  private int next;

  @Setup
  public void setup() {
    recovery = BenchFixtures.recovery(impl);
    if (impl.equals("libsecp256k1")) {
      secp = Secp256k1.get();
    }
    signer = BenchFixtures.signer(recovery);
    BenchFixtures data = new BenchFixtures(7);
    digests = new Bytes32[POOL];
    signatures = new Signature[POOL];
    signers = new EthAddress[POOL];
    txs = new Tx[POOL];
    keys = new SigningKey[POOL];
    privateKeys = new byte[POOL][];
    publicKeys = new byte[POOL][];
    for (int i = 0; i < POOL; i++) {
      String seed = "bench-recovery-" + i;
      SigningKey key = SigningKey.fromSeed(seed);
      keys[i] = key;
      // SigningKey.fromSeed's private key is keccak(UTF-8 seed), as its javadoc states
      privateKeys[i] = Keccak.hash(seed.getBytes(StandardCharsets.UTF_8));
      publicKeys[i] = key.publicKey();
      digests[i] = Bytes32.wrap(data.bytes(32));
      signatures[i] = key.sign(digests[i]);
      signers[i] = key.address();
      txs[i] = BenchFixtures.transfer(signer, key, i, data.address(), 1 + i);
    }
    for (int i = 0; i < POOL; i++) {
      if (!recovery.recover(digests[i], signatures[i]).equals(Optional.of(signers[i]))
          || !signer.verifyTxSender(txs[i])
          || !recovery.recover(digests[i], sign(i)).equals(Optional.of(signers[i]))) {
        throw new IllegalStateException(impl + " disagrees on pool entry " + i);
      }
    }
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (POOL - 1);
    return i;
  }

  @Benchmark
  public Optional<EthAddress> recover() {
    int i = nextIndex();
    return recovery.recover(digests[i], signatures[i]);
  }

  @Benchmark
  public Optional<EthAddress> recoverTxSender() {
    return signer.recoverTxSender(txs[nextIndex()]);
  }

  @Benchmark
  public Signature sign() {
    return sign(nextIndex());
  }

  private Signature sign(int i) {
    if (secp == null) {
      return keys[i].sign(digests[i]);
    }
    byte[] message = digests[i].toArray();
    byte[] compact = secp.sign(message, privateKeys[i]); // low-s, as libsecp256k1 always signs
    byte[] pub = secp.ecdsaRecover(compact, message, 0);
    int recId = Arrays.equals(pub, 1, 65, publicKeys[i], 0, 64) ? 0 : 1;
    byte[] rsv = Arrays.copyOf(compact, 65);
    rsv[64] = (byte) (27 + recId);
    return Signature.fromBytes(rsv);
  }
}

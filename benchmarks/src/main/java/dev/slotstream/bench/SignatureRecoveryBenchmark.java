package dev.slotstream.bench;

import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * secp256k1 with libsecp256k1 (JNI, fr.acinq secp256k1-kmp) against web3j (BouncyCastle), over a
 * pool of pre-made signatures so no two consecutive calls see the same input.
 *
 * <ul>
 *   <li>{@code recover}: digest + signature → address (what {@code SignatureRecovery} does)
 *   <li>{@code recoverTxSender}: the whole per-tx check of {@code ProtocolSigner}: encode the
 *       payload, keccak, EIP-712 digest, recover
 *   <li>{@code sign}: a usable Ethereum signature (r, s, v) of a digest. libsecp256k1 is {@code
 *       SigningKey.sign} (ecdsa_sign plus one trial recovery to find v: secp256k1-kmp has no
 *       recoverable-sign call); web3j is {@code Sign.signMessage}, its fallback where the native
 *       library does not load
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
  private ECKeyPair[] keyPairs;
  private boolean nativeSigning;
  private int next;

  @Setup
  public void setup() {
    recovery = BenchFixtures.recovery(impl);
    nativeSigning = impl.equals("libsecp256k1");
    signer = BenchFixtures.signer(recovery);
    BenchFixtures data = new BenchFixtures(7);
    digests = new Bytes32[POOL];
    signatures = new Signature[POOL];
    signers = new EthAddress[POOL];
    txs = new Tx[POOL];
    keys = new SigningKey[POOL];
    keyPairs = new ECKeyPair[POOL];
    for (int i = 0; i < POOL; i++) {
      String seed = "bench-recovery-" + i;
      SigningKey key = SigningKey.fromSeed(seed);
      keys[i] = key;
      // SigningKey.fromSeed's private key is keccak(UTF-8 seed), as its javadoc states
      keyPairs[i] =
          ECKeyPair.create(new BigInteger(1, Keccak.hash(seed.getBytes(StandardCharsets.UTF_8))));
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
    if (nativeSigning) {
      return keys[i].sign(digests[i]);
    }
    Sign.SignatureData sd = Sign.signMessage(digests[i].toArray(), keyPairs[i], false);
    return new Signature(
        new BigInteger(1, sd.getR()), new BigInteger(1, sd.getS()), sd.getV()[0] & 0xff);
  }
}

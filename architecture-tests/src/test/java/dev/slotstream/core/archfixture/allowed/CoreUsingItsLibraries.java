package dev.slotstream.core.archfixture.allowed;

import fr.acinq.secp256k1.archfixture.FakeSecp256k1;
import java.util.List;
import org.slf4j.archfixture.FakeLogger;
import org.web3j.crypto.archfixture.FakeKeys;
import org.web3j.utils.archfixture.FakeNumeric;

/** Architecture-test fixture: a core class that uses only what the core may. */
public final class CoreUsingItsLibraries {
  public FakeSecp256k1 secp;
  public FakeLogger log;
  public FakeKeys keys;
  public FakeNumeric numeric;
  public List<String> names;
}

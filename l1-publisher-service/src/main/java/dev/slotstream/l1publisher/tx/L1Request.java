package dev.slotstream.l1publisher.tx;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/**
 * One call to send: target, calldata, the instant after which it is no longer worth sending (a
 * checkpoint's slot end), a label for logs and metrics, and an optional {@link Precheck}.
 */
public record L1Request(String to, byte[] data, Instant deadline, String label, Precheck precheck) {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  public L1Request {
    Objects.requireNonNull(to, "to");
    if (!ADDRESS.matcher(to).matches()) {
      throw new IllegalArgumentException("not an address: " + to);
    }
    data = data.clone();
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(precheck, "precheck");
  }

  public static L1Request of(String to, byte[] data, Instant deadline, String label) {
    return new L1Request(to, data, deadline, label, Precheck.NONE);
  }

  public L1Request withPrecheck(Precheck precheck) {
    return new L1Request(to, data, deadline, label, precheck);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public String dataHex() {
    return Numeric.toHexString(data);
  }
}

package dev.slotstream.proposer.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/txs} as JSON: {@code {"tx": "0x<hex of Tx.encode()>"}}.
 *
 * <p>The size cap is generous (twice the protocol's largest tx): a tx just over the protocol limit
 * still decodes and is answered 422 TOO_LARGE; only absurd bodies stop here.
 */
public record SubmitTxRequest(
    @NotBlank(message = "is required: hex of the encoded tx")
        @Size(max = MAX_HEX_CHARS, message = "is longer than " + MAX_HEX_CHARS + " characters")
        @Pattern(
            regexp = "^0[xX]([0-9a-fA-F]{2})+$",
            message = "must be 0x-prefixed hex with an even number of digits")
        String tx) {
  static final int MAX_HEX_CHARS = 2 + 4 * dev.slotstream.core.codec.ProtocolLimits.MAX_TX_BYTES;
}

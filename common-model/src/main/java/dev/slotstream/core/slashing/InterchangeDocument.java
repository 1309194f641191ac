package dev.slotstream.core.slashing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An EIP-3076 slashing-protection interchange document (format version 5), as JSON. This type is
 * only the shape; how Slotstream's duties map onto it is {@link InterchangeMapping}'s, and the
 * numbers stay decimal strings as the EIP requires.
 */
@JsonPropertyOrder({"metadata", "data"})
public record InterchangeDocument(
    @JsonProperty("metadata") Metadata metadata, @JsonProperty("data") List<SignerData> data) {
  public static final String FORMAT_VERSION = "5";

  public InterchangeDocument {
    data = frozen(data);
  }

  @JsonPropertyOrder({"interchange_format_version", "genesis_validators_root"})
  public record Metadata(
      @JsonProperty("interchange_format_version") String interchangeFormatVersion,
      @JsonProperty("genesis_validators_root") String genesisValidatorsRoot) {}

  @JsonPropertyOrder({"pubkey", "signed_blocks", "signed_attestations"})
  public record SignerData(
      @JsonProperty("pubkey") String pubkey,
      @JsonProperty("signed_blocks") List<SignedBlock> signedBlocks,
      @JsonProperty("signed_attestations") List<SignedAttestation> signedAttestations) {
    public SignerData {
      signedBlocks = frozen(signedBlocks);
      signedAttestations = frozen(signedAttestations);
    }
  }

  /** {@code signing_root} is optional: absent means "some payload, unknown". */
  @JsonPropertyOrder({"slot", "signing_root"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignedBlock(
      @JsonProperty("slot") String slot, @JsonProperty("signing_root") String signingRoot) {}

  @JsonPropertyOrder({"source_epoch", "target_epoch", "signing_root"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignedAttestation(
      @JsonProperty("source_epoch") String sourceEpoch,
      @JsonProperty("target_epoch") String targetEpoch,
      @JsonProperty("signing_root") String signingRoot) {}

  /**
   * Reads a document. Unknown members are ignored (the EIP's schema allows them); anything else
   * that is not the EIP-3076 shape is refused.
   *
   * @throws InterchangeException {@link InterchangeException.Problem#MALFORMED}, naming the JSON
   *     path and what was wrong
   */
  public static InterchangeDocument parse(byte[] json) {
    if (json == null || json.length == 0) {
      throw new InterchangeException(
          InterchangeException.Problem.MALFORMED, "the document is empty");
    }
    try {
      InterchangeDocument doc =
          SlashingJson.MAPPER
              .readerFor(InterchangeDocument.class)
              .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(json);
      if (doc == null) {
        throw new InterchangeException(
            InterchangeException.Problem.MALFORMED, "the document is JSON null, not an object");
      }
      return doc;
    } catch (JsonMappingException e) {
      throw new InterchangeException(
          InterchangeException.Problem.MALFORMED,
          "not an EIP-3076 interchange" + path(e) + ": " + e.getOriginalMessage(),
          e);
    } catch (JsonProcessingException e) {
      throw new InterchangeException(
          InterchangeException.Problem.MALFORMED,
          "not JSON (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ", column "
              + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())
              + "): "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new InterchangeException(
          InterchangeException.Problem.MALFORMED, "cannot read the document: " + e.getMessage(), e);
    }
  }

  /** The document as pretty-printed JSON (UTF-8). */
  public byte[] toJson() {
    try {
      return SlashingJson.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the interchange", e);
    }
  }

  /** Unmodifiable, but keeps null elements so that validation can name them (List.copyOf throws). */
  private static <T> List<T> frozen(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** " at data[0].signed_blocks[2].slot", from Jackson's path. */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "" : " at " + out;
  }
}

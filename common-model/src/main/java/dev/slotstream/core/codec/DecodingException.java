package dev.slotstream.core.codec;

/**
 * The one exception a decoder may throw for hostile or malformed bytes. Its message names the field
 * and what is wrong with it, so a rejected record can be logged and dead-lettered with its reason.
 */
public final class DecodingException extends RuntimeException {
  private final String field;

  public DecodingException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public DecodingException(String field, String reason, Throwable cause) {
    super(field + ": " + reason, cause);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

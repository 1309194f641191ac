package dev.slotstream.node;

import java.time.Instant;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds an {@link Instant} property from ISO-8601 ({@code 2026-01-01T00:00:00Z}) or from unix
 * seconds ({@code 1767225600}), the form the Helm chart and docker-compose pass genesis time in.
 */
public final class InstantPropertyConverter implements Converter<String, Instant> {
  @Override
  public Instant convert(String source) {
    String value = source.trim();
    if (value.matches("-?\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    return Instant.parse(value);
  }
}

# One image per Spring Boot service, built from its repackaged jar:
#   ./mvnw -B -ntp package -DskipTests
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=proposer-service -t slotstream/proposer-service:0.1.0 .
# (docker compose build does this for all four services.)
FROM eclipse-temurin:17-jre

# curl for the container health check on /actuator/health.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

ARG SERVICE
# Signing records (slotstream.chain.signing-record-dir) live under /var/lib/slotstream/<role>; the
# directories exist in the image, owned by the service user, so a fresh named volume mounted there
# (docker compose) starts writable for uid 10001.
RUN test -n "$SERVICE" \
 && useradd --system --uid 10001 --home-dir /app slotstream \
 && mkdir -p /app /var/lib/slotstream/validator /var/lib/slotstream/proposer \
 && chown -R 10001 /var/lib/slotstream
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}-*.jar /app/app.jar

USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

# One image per Slotstream JVM (the four services and the one-shot l1-deployer), from its
# repackaged Spring Boot jar:
#   ./mvnw -B -ntp package -DskipTests
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=proposer-service -t slotstream/proposer-service:0.1.0 .
# (docker-compose build, or docker/build-images.sh, does this for all of them.)
#
# JRE_IMAGE: eclipse-temurin:17-jre by default; on a machine without a registry
# docker/offline/build-base-images.sh builds slotstream-offline/jre:17 from Debian packages.
ARG JRE_IMAGE=eclipse-temurin:17-jre

# The Boot jar extracted (Spring Boot's CDS-friendly layout: app.jar naming lib/*.jar in its manifest),
# in a stage of its own so that only the extracted files reach the image.
FROM ${JRE_IMAGE} AS extract
WORKDIR /build
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}-*.jar app.jar
RUN test -n "$SERVICE" && test -s app.jar \
 && java -Djarmode=tools -jar app.jar extract --destination extracted

FROM ${JRE_IMAGE}

# curl for the container health check on /actuator/health (the offline JRE image has it already).
RUN command -v curl >/dev/null \
 || (apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*)

# Signing records (slotstream.chain.signing-record-dir) live under /var/lib/slotstream/<role>; the
# directories exist in the image, owned by the service user, so a fresh named volume mounted there
# starts writable for uid 10001.
RUN useradd --system --uid 10001 --home-dir /app slotstream \
 && mkdir -p /app /var/lib/slotstream/validator /var/lib/slotstream/proposer /var/lib/slotstream/l1-publisher \
 && chown -R 10001 /var/lib/slotstream
WORKDIR /app

ARG SERVICE
COPY --from=extract /build/extracted/ /app/

# Class data sharing (Spring Boot's "Class Data Sharing" how-to): a training start that refreshes the
# context and exits (no broker, Redis or L1 here: Kafka's topic creation is skipped; a service that
# insists on L1 at start-up, the publisher, fails its check at once and still leaves the archive of
# what it loaded) writes app.jsa; every start maps it instead of loading those classes again
# (docs/FAULTS.md, "Start-up"). l1-deployer is a one-shot main, not a Spring context: no archive.
# Without app.jsa the JVM starts as before (the entrypoint names it only when it exists).
RUN if [ "$SERVICE" != l1-deployer ]; then \
      timeout 300 java -XX:ArchiveClassesAtExit=/app/app.jsa -Xlog:cds=error -Xlog:cds+dynamic=error \
        -Dspring.context.exit=onRefresh -jar /app/app.jar \
        --spring.kafka.admin.auto-create=false --slotstream.l1.config-check.attempts=1 \
        --slotstream.chain.signing-record-dir=/tmp/cds-training > /tmp/cds-training.log 2>&1 \
      || echo "CDS training of $SERVICE exited $?: $(grep -v '^[[:space:]]*$' /tmp/cds-training.log | tail -n 2)"; \
      rm -rf /tmp/cds-training /tmp/cds-training.log; \
      ls -l /app/app.jsa 2>/dev/null || echo "no CDS archive for $SERVICE: it starts without one"; \
    fi

USER 10001
# Container-aware JVM: heap from the container's memory limit (not the host's), G1 or Serial as the
# JVM picks for the CPUs it is given, fail fast on OOM so the restart policy replaces the process,
# and a temp dir inside the image's writable layer.
ENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport -XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Xss512k -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["/bin/sh", "-c", "cds=; [ -f /app/app.jsa ] && cds=-XX:SharedArchiveFile=/app/app.jsa; exec java $cds -jar /app/app.jar \"$@\"", "java"]

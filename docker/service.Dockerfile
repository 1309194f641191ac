# One image per Slotstream JVM (the four services and the one-shot l1-deployer), from its
# repackaged Spring Boot jar:
#   ./mvnw -B -ntp package -DskipTests
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=proposer-service -t slotstream/proposer-service:0.1.0 .
# (docker-compose build, or docker/build-images.sh, does this for all of them.)
#
# JRE_IMAGE: eclipse-temurin:17-jre by default; on a machine without a registry
# docker/offline/build-base-images.sh builds slotstream-offline/jre:17 from Debian packages.
ARG JRE_IMAGE=eclipse-temurin:17-jre
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
COPY ${SERVICE}/target/${SERVICE}-*.jar /app/app.jar
RUN test -n "$SERVICE" && test -s /app/app.jar

USER 10001
# Container-aware JVM: heap from the container's memory limit (not the host's), G1 or Serial as the
# JVM picks for the CPUs it is given, fail fast on OOM so the restart policy replaces the process,
# a temp dir inside the image's writable layer, and Java thread priorities passed to Linux (only
# lowered, as a non-root user: a validator's execution runs below its proposal consumer).
ENV JAVA_TOOL_OPTIONS="-XX:+UseContainerSupport -XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Xss512k -Djava.io.tmpdir=/tmp -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

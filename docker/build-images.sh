#!/usr/bin/env bash
# Builds Slotstream's images (slotstream/<service>:0.1.0 for the four services and l1-deployer) from
# the jars `./mvnw package` left in each module's target/, through docker-compose so the tags and
# build arguments are the compose file's. JRE_IMAGE (default eclipse-temurin:17-jre) is the base;
# with OFFLINE=1 the images of docker/offline/images.env are used (build-base-images.sh makes them).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${OFFLINE:-0}" = 1 ]; then
  set -a; . docker/offline/images.env; set +a
fi
for m in proposer-service validator-service attestation-service l1-publisher-service l1-deployer; do
  ls "$m"/target/"$m"-*.jar >/dev/null 2>&1 || { echo "no jar in $m/target: run ./mvnw -B -ntp package -DskipTests first" >&2; exit 1; }
done
compose() { if command -v docker-compose >/dev/null 2>&1; then docker-compose "$@"; else docker compose "$@"; fi; }
start=$(date +%s)
# One build per image: the four validators share slotstream/validator-service.
compose build proposer-service validator-0 attestation-service l1-publisher-service l1-deploy
echo "built in $(( $(date +%s) - start )) s:"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^slotstream/' | sort

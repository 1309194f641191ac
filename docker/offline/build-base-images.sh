#!/usr/bin/env bash
# Builds, without any image registry, the images docker-compose.yml needs besides Slotstream's own,
# tagged with the names the compose file takes from variables (see docker/offline/images.env):
#   slotstream-offline/debian:bookworm   minimal Debian rootfs (debootstrap)
#   slotstream-offline/jre:17            + openjdk-17-jre-headless, curl: base of the service images
#   slotstream-offline/redis:7           + redis-server (Debian's 7.0)
#   slotstream-offline/kafka:3.9.2       jre + Kafka's jars from Maven Central (KRaft broker)
#   slotstream-offline/anvil:1           + curl and the anvil binary of @foundry-rs/anvil (npm)
# Needs root (debootstrap, chroot, mount), a running Docker engine, the Debian mirror apt uses and
# Maven Central / the npm registry. Images that already exist are kept; FORCE=1 rebuilds them.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
HERE="$(pwd)"
ROOT="$(cd ../.. && pwd)"
WORK="${SLOTSTREAM_IMAGE_WORK:-/var/tmp/slotstream-offline-images}"
MIRROR="${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
FORCE="${FORCE:-0}"
log() { printf '==> [%s] %s\n' "$(date +%T)" "$*"; }
have() { [ "$FORCE" = 0 ] && docker image inspect "$1" >/dev/null 2>&1; }

ALL="slotstream-offline/debian:bookworm slotstream-offline/jre:17 slotstream-offline/redis:7 slotstream-offline/anvil:1 slotstream-offline/kafka:3.9.2"
missing=0
for image in $ALL; do have "$image" || missing=1; done
if [ "$missing" = 0 ]; then
  log "offline base images already built: $ALL"
  exit 0
fi

mkdir -p "$WORK"
command -v debootstrap >/dev/null || { echo "debootstrap missing (apt-get install -y debootstrap)" >&2; exit 1; }

# One debootstrap, copied for each image that needs more packages.
BASE="$WORK/rootfs-base"
if [ ! -f "$BASE/.done" ]; then
  log "debootstrap bookworm from $MIRROR"
  rm -rf "$BASE"
  debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  chroot "$BASE" apt-get clean
  touch "$BASE/.done"
fi

# rootfs_with NAME PACKAGES...: a copy of the base with packages installed; prints its path.
rootfs_with() {
  local name="$1"; shift
  local dir="$WORK/rootfs-$name"
  # Reused when an earlier run installed the same packages (a later step of that image failed).
  if [ -f "$dir/.packages" ] && [ "$(cat "$dir/.packages")" = "$*" ]; then
    return 0
  fi
  rm -rf "$dir"
  cp -a "$BASE" "$dir"
  rm -f "$dir/.done"
  mount -t proc proc "$dir/proc"
  trap "umount '$dir/proc' 2>/dev/null || true" RETURN
  chroot "$dir" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive chroot "$dir" apt-get install -y -qq --no-install-recommends "$@" \
    >"$WORK/apt-$name.log" 2>&1 || { tail -20 "$WORK/apt-$name.log" >&2; return 1; }
  chroot "$dir" apt-get clean
  rm -rf "$dir/var/lib/apt/lists/"* "$dir/usr/share/doc/"* "$dir/usr/share/man/"*
  echo "$*" > "$dir/.packages"
}

# import DIR IMAGE [docker import --change ...]
import() {
  local dir="$1" image="$2"; shift 2
  tar -C "$dir" -c . | docker import "$@" - "$image" >/dev/null
  log "$image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
}

if ! have slotstream-offline/debian:bookworm; then
  import "$BASE" slotstream-offline/debian:bookworm --change 'CMD ["bash"]'
fi

if ! have slotstream-offline/jre:17; then
  log "jre: openjdk-17-jre-headless curl"
  rootfs_with jre openjdk-17-jre-headless curl ca-certificates
  import "$WORK/rootfs-jre" slotstream-offline/jre:17 --change 'CMD ["java", "-version"]'
fi

if ! have slotstream-offline/redis:7; then
  log "redis: redis-server"
  rootfs_with redis redis-server
  mkdir -p "$WORK/rootfs-redis/data"
  chroot "$WORK/rootfs-redis" chown redis:redis /data
  import "$WORK/rootfs-redis" slotstream-offline/redis:7 \
    --change 'WORKDIR /data' --change 'USER redis' --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server", "--protected-mode", "no"]'
fi

if ! have slotstream-offline/anvil:1; then
  # @foundry-rs/anvil from npm (the version l1-contracts locks, so compose runs the Anvil the tests
  # run) ships a native binary in its platform package; it needs only glibc, so the image is Debian
  # with curl (health check) and that binary, no Node.js.
  log "anvil: @foundry-rs/anvil from npm"
  rootfs_with anvil curl ca-certificates
  ANVIL_VERSION="$(node -p "require('$ROOT/l1-contracts/package-lock.json').packages['node_modules/@foundry-rs/anvil'].version")"
  rm -rf "$WORK/anvil-npm" && mkdir -p "$WORK/anvil-npm"
  (cd "$WORK/anvil-npm" && npm init -y >/dev/null && npm install --no-audit --no-fund "@foundry-rs/anvil@$ANVIL_VERSION" >/dev/null)
  install -m 0755 "$WORK/anvil-npm/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" "$WORK/rootfs-anvil/usr/local/bin/anvil"
  chroot "$WORK/rootfs-anvil" anvil --version | head -n1
  chroot "$WORK/rootfs-anvil" sh -c 'id anvil >/dev/null 2>&1 || useradd --system --uid 10002 anvil'
  import "$WORK/rootfs-anvil" slotstream-offline/anvil:1 --change 'USER anvil' --change 'EXPOSE 8545' \
    --change 'ENTRYPOINT ["anvil"]'
fi

if ! have slotstream-offline/kafka:3.9.2; then
  log "kafka: jars from Maven Central"
  rm -rf "$WORK/kafka-libs"
  "$ROOT/mvnw" -B -q -f "$HERE/kafka-jars.pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$WORK/kafka-libs" -DincludeScope=runtime
  rm -rf "$WORK/kafka-ctx" && mkdir -p "$WORK/kafka-ctx"
  cp -r "$WORK/kafka-libs" "$WORK/kafka-ctx/libs"
  cp "$HERE/kafka/"* "$WORK/kafka-ctx/"
  docker build -q -t slotstream-offline/kafka:3.9.2 -f "$WORK/kafka-ctx/Dockerfile" "$WORK/kafka-ctx" >/dev/null
  log "slotstream-offline/kafka:3.9.2: $(docker image inspect -f '{{.Size}}' slotstream-offline/kafka:3.9.2 | awk '{printf "%.0f MB", $1/1e6}')"
fi
log "offline base images ready"

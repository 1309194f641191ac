#!/bin/bash
# Starts a single-node KRaft broker with SASL/SCRAM-SHA-512 and per-role ACLs, in the official
# apache/kafka image or the offline one (both have /opt/kafka/bin). Mounted by docker-compose.yml.
#
# Users and passwords come from KAFKA_SCRAM_USERS ("name=password ..."); "admin" is the super user
# the broker itself and this script use. They are written into the metadata log when the storage is
# formatted (SCRAM credentials must exist before the broker accepts a SASL client), then the ACLs
# below are added through the admin user. /tmp/slotstream-kafka-ready marks a broker that answers
# over SASL with its ACLs in place: the health check tests it.
#
# ACLs (KAFKA_NETWORK_PREFIX is the gossip prefix, slotstream.gossip.network-prefix):
#   every user      Read, Describe, DescribeConfigs, Create on <prefix>.* (services declare their
#                   topics at start-up), Read on every group, Write on the dead-letter topics
#   proposer        Write on tx, block_proposal, checkpoint_proposal
#   validator-N     Write on checkpoint_attestation
#   attestation     Write on checkpoint_quorum
# The CONTROLLER listener is PLAINTEXT (KRaft controllers cannot use SCRAM) and is not published;
# its principal (ANONYMOUS) is a super user so that the broker part can talk to the controller part.
set -euo pipefail

BIN=/opt/kafka/bin
CONF=/tmp/server.properties
DATA="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
PREFIX="${KAFKA_NETWORK_PREFIX:-slotstream-devnet}"
DLT="${KAFKA_DEAD_LETTER_SUFFIX:-.DLT}"
CLUSTER_ID="${CLUSTER_ID:-IHI7H4fzS321hnQAHb6Nww}"
READY=/tmp/slotstream-kafka-ready
rm -f "$READY"

declare -A PASSWORD=()
for entry in ${KAFKA_SCRAM_USERS:?set KAFKA_SCRAM_USERS to \"name=password ...\"}; do
  PASSWORD["${entry%%=*}"]="${entry#*=}"
done
: "${PASSWORD[admin]:?KAFKA_SCRAM_USERS must define admin}"
jaas() {
  printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$2"
}

cat > "$CONF" <<PROPS
node.id=1
process.roles=broker,controller
controller.quorum.voters=1@localhost:9093
listeners=INTERNAL://:9092,CONTROLLER://localhost:9093,EXTERNAL://:9094
advertised.listeners=INTERNAL://${KAFKA_ADVERTISED_HOST:-kafka}:9092,EXTERNAL://${KAFKA_EXTERNAL_ADVERTISED:-localhost:9094}
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=$(jaas admin "${PASSWORD[admin]}")
listener.name.external.scram-sha-512.sasl.jaas.config=$(jaas admin "${PASSWORD[admin]}")
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
log.dirs=$DATA
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

if [ ! -f "$DATA/meta.properties" ]; then
  scram=()
  for user in "${!PASSWORD[@]}"; do
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=${PASSWORD[$user]}]")
  done
  "$BIN/kafka-storage.sh" format -t "$CLUSTER_ID" -c "$CONF" "${scram[@]}"
fi

ADMIN=/tmp/admin.properties
cat > "$ADMIN" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(jaas admin "${PASSWORD[admin]}")
PROPS

# The command-line tools are short JVM runs: small heap, client compiler only, for a quick start.
cli_env=(env KAFKA_HEAP_OPTS=-Xmx128m "KAFKA_JVM_PERFORMANCE_OPTS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto")
acl() { "${cli_env[@]}" "$BIN/kafka-acls.sh" --bootstrap-server localhost:9092 --command-config "$ADMIN" --add --force "$@" >/dev/null; }

configure() {
  local tries=0
  until "${cli_env[@]}" "$BIN/kafka-broker-api-versions.sh" --bootstrap-server localhost:9092 --command-config "$ADMIN" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "start.sh: broker did not answer over SASL" >&2; return 1; }
    sleep 2
  done
  acl --allow-principal 'User:*' --operation Read --operation Describe --operation DescribeConfigs \
    --operation Create --topic "$PREFIX." --resource-pattern-type prefixed
  acl --allow-principal 'User:*' --operation Read --operation Describe --group '*'
  acl --allow-principal 'User:*' --operation Write \
    --topic "$PREFIX.tx$DLT" --topic "$PREFIX.block_proposal$DLT" --topic "$PREFIX.checkpoint_proposal$DLT" \
    --topic "$PREFIX.checkpoint_attestation$DLT" --topic "$PREFIX.checkpoint_quorum$DLT"
  acl --allow-principal User:proposer --operation Write \
    --topic "$PREFIX.tx" --topic "$PREFIX.block_proposal" --topic "$PREFIX.checkpoint_proposal"
  local validators=()
  for user in "${!PASSWORD[@]}"; do
    case "$user" in validator-*) validators+=(--allow-principal "User:$user") ;; esac
  done
  acl "${validators[@]}" --operation Write --topic "$PREFIX.checkpoint_attestation"
  acl --allow-principal User:attestation --operation Write --topic "$PREFIX.checkpoint_quorum"
  touch "$READY"
  echo "start.sh: SCRAM users ${!PASSWORD[*]}; ACLs in place"
}

"$BIN/kafka-server-start.sh" "$CONF" &
broker=$!
trap 'kill -TERM $broker 2>/dev/null' TERM INT
configure || { kill -TERM $broker; wait $broker; exit 1; }
wait $broker

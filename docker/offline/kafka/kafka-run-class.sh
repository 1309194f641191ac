#!/bin/sh
# kafka-run-class.sh CLASS ARGS...: Kafka's own script, reduced to what the offline image needs.
exec java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC} ${KAFKA_OPTS:-} \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties \
  -cp '/opt/kafka/libs/*' "$@"

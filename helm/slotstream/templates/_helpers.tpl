{{/*
Chart name, truncated to the 63 characters Kubernetes allows in names.
*/}}
{{- define "slotstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: <release>-<chart> unless the release name already contains the chart name.
*/}}
{{- define "slotstream.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "slotstream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of one component's resources. Argument: dict "root" $ "component" "proposer".
*/}}
{{- define "slotstream.componentName" -}}
{{- printf "%s-%s" (include "slotstream.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "slotstream.configMapName" -}}
{{- printf "%s-protocol" (include "slotstream.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "slotstream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "slotstream.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Labels. Argument: dict "root" $ "component" "proposer" (component may be empty for shared resources).
*/}}
{{- define "slotstream.labels" -}}
helm.sh/chart: {{ include "slotstream.chart" .root }}
{{ include "slotstream.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: slotstream
{{- end }}

{{- define "slotstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slotstream.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{/*
Container image: [<registry>/]<repository>/<component>-service:<tag>. Argument: dict "root" $ "component" "proposer".
*/}}
{{- define "slotstream.image" -}}
{{- $img := .root.Values.image -}}
{{- $tag := default .root.Chart.AppVersion $img.tag -}}
{{- if $img.registry }}{{ $img.registry }}/{{ end }}{{ $img.repository }}/{{ .component }}-service:{{ $tag }}
{{- end }}

{{/*
Pod annotations: config checksum (restart on protocol change), Prometheus scrape hints, extra ones.
Argument: dict "root" $ "values" .Values.<component>.
*/}}
{{- define "slotstream.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if .root.Values.metrics.enabled }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .values.port | quote }}
prometheus.io/path: {{ .root.Values.metrics.path | quote }}
{{- end }}
{{- with .values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by every component. Argument: $.
*/}}
{{- define "slotstream.podCommon" -}}
serviceAccountName: {{ include "slotstream.serviceAccountName" . }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Container settings shared by every component: image, port, config, env, probes, resources.
Argument: dict "root" $ "component" "proposer" "values" .Values.proposer, optionally "extraEnv" (a list of EnvVar)
and "extraEnvYaml" (more EnvVars, as rendered YAML list items). .values.env comes last, so it can override.
*/}}
{{- define "slotstream.containerCommon" -}}
image: {{ include "slotstream.image" . | quote }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: {{ .values.port }}
    protocol: TCP
envFrom:
  - configMapRef:
      name: {{ include "slotstream.configMapName" .root }}
env:
  - name: SERVER_PORT
    value: {{ .values.port | quote }}
  - name: JAVA_TOOL_OPTIONS
    value: {{ .root.Values.javaToolOptions | quote }}
  # Operators' view of /actuator/health; the probes need only the status.
  - name: MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS
    value: {{ .root.Values.health.showDetails | quote }}
  - name: POD_NAME
    valueFrom:
      fieldRef:
        fieldPath: metadata.name
  - name: POD_NAMESPACE
    valueFrom:
      fieldRef:
        fieldPath: metadata.namespace
  {{- with .extraEnv }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- with .extraEnvYaml }}
  {{- . | trim | nindent 2 }}
  {{- end }}
  {{- range $name, $value := .values.env }}
  - name: {{ $name }}
    value: {{ $value | quote }}
  {{- end }}
{{- with .root.Values.probes }}
startupProbe:
  httpGet:
    path: {{ .liveness.path }}
    port: http
  periodSeconds: {{ .startup.periodSeconds }}
  failureThreshold: {{ .startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: {{ .liveness.path }}
    port: http
  periodSeconds: {{ .liveness.periodSeconds }}
  timeoutSeconds: {{ .liveness.timeoutSeconds }}
  failureThreshold: {{ .liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: {{ .readiness.path }}
    port: http
  periodSeconds: {{ .readiness.periodSeconds }}
  timeoutSeconds: {{ .readiness.timeoutSeconds }}
  failureThreshold: {{ .readiness.failureThreshold }}
{{- end }}
{{- with .values.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
A ClusterIP (or other type) Service in front of one component. Argument: dict "root" $ "component" "proposer" "values" .Values.proposer.
*/}}
{{- define "slotstream.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "slotstream.componentName" . }}
  labels:
    {{- include "slotstream.labels" . | nindent 4 }}
    slotstream.dev/scrape: "true"
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "slotstream.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{/*
Slot duration in milliseconds: the timetable preset's (devnet 6 s, standard 60 s) unless
protocol.timetable.overrides.slotDuration sets it ("<n>ms", "<n>s" or a bare number of ms, Spring's
default unit). For NOTES.txt.
*/}}
{{- define "slotstream.slotDurationMs" -}}
{{- $t := .Values.protocol.timetable -}}
{{- $ms := ternary 60000 6000 (eq $t.preset "standard") -}}
{{- if hasKey (default dict $t.overrides) "slotDuration" -}}
{{- $v := toString (get $t.overrides "slotDuration") -}}
{{- if regexMatch "^[0-9]+(ms)?$" $v -}}
{{- $ms = trimSuffix "ms" $v | int64 -}}
{{- else if regexMatch "^[0-9]+s$" $v -}}
{{- $ms = mul (trimSuffix "s" $v | int64) 1000 -}}
{{- else -}}
{{- fail (printf "protocol.timetable.overrides.slotDuration: %s: use <n>ms or <n>s" $v) -}}
{{- end -}}
{{- end -}}
{{- $ms -}}
{{- end }}

{{/*
Settings of one service's own @ConfigurationProperties prefix as env vars: key fooBar of
<component>.settings becomes <PREFIX>_FOO_BAR. Argument: dict "prefix" "SLOTSTREAM_PROPOSER"
"settings" .Values.proposer.settings "allowed" (list "fooBar" ...).
*/}}
{{- define "slotstream.settingsEnv" -}}
{{- $ctx := . -}}
{{- range $key, $value := .settings }}
{{- if not (has $key $ctx.allowed) }}
{{- fail (printf "%s: unknown setting %s (allowed: %s)" $ctx.prefix $key (join ", " $ctx.allowed)) }}
{{- end }}
- name: {{ printf "%s_%s" $ctx.prefix ($key | snakecase | upper) }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/*
Kafka client identity of one role as env vars (YAML list items), from kafka.credentials.<role>.
SASL: user and password come from the role's Secret into KAFKA_SASL_USERNAME/PASSWORD, and the
JAAS line refers to them with $(VAR), which the kubelet expands: the password never appears in the
pod spec or a ConfigMap, and Kafka logs sasl.jaas.config as [hidden]. SSL: the CA and, for mTLS,
the role's PEM certificate chain and key, inline (ssl.keystore.type=PEM). Argument: dict "root" $
"role" "proposer".
*/}}
{{- define "slotstream.kafkaEnv" -}}
{{- $k := .root.Values.kafka -}}
{{- $c := get $k.credentials .role -}}
{{- $sasl := hasPrefix "SASL_" $k.securityProtocol -}}
{{- $tls := or (eq $k.securityProtocol "SSL") (eq $k.securityProtocol "SASL_SSL") -}}
{{- if and $sasl (not $c.existingSecret) }}
{{- fail (printf "kafka.credentials.%s.existingSecret is required with kafka.securityProtocol=%s" .role $k.securityProtocol) }}
{{- end }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ $k.securityProtocol | quote }}
{{- if $sasl }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.passwordKey }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  value: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="$(KAFKA_SASL_USERNAME)" password="$(KAFKA_SASL_PASSWORD)";'
{{- end }}
{{- if and $tls $k.tls.caSecret }}
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.caSecret }}
      key: {{ $k.tls.caKey }}
{{- end }}
{{- if and (eq $k.securityProtocol "SSL") $c.existingSecret }}
- name: SPRING_KAFKA_PROPERTIES_SSL_KEYSTORE_TYPE
  value: PEM
- name: SPRING_KAFKA_PROPERTIES_SSL_KEYSTORE_CERTIFICATE_CHAIN
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.certKey }}
- name: SPRING_KAFKA_PROPERTIES_SSL_KEYSTORE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.keyKey }}
{{- end }}
{{- end }}

{{/*
Slot duration in whole seconds (at least 1), for alert windows.
*/}}
{{- define "slotstream.slotSeconds" -}}
{{- max 1 (div (include "slotstream.slotDurationMs" . | int64) 1000) -}}
{{- end }}

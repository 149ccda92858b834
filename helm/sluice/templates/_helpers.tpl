{{/*
Names. Every object is <fullname>-<part>; the operator is told <fullname> as its release
(SLUICE_RELEASE), so the ConfigMap it writes, <fullname>-routing, is the one the nodes mount.
*/}}
{{- define "sluice.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "sluice.nodeName" -}}
{{- include "sluice.fullname" . }}-node
{{- end -}}

{{- define "sluice.operatorName" -}}
{{- include "sluice.fullname" . }}-operator
{{- end -}}

{{- define "sluice.redisName" -}}
{{- include "sluice.fullname" . }}-redis
{{- end -}}

{{/* The nodes' base config, owned by Helm. */}}
{{- define "sluice.nodeConfigName" -}}
{{- include "sluice.fullname" . }}-node-config
{{- end -}}

{{/* Owned by the operator (created at its start, never templated here): <release>-routing. */}}
{{- define "sluice.routingConfigMapName" -}}
{{- include "sluice.fullname" . }}-routing
{{- end -}}

{{/* The operator's leader-election Lease: <release>-operator. */}}
{{- define "sluice.leaseName" -}}
{{- include "sluice.fullname" . }}-operator
{{- end -}}

{{- define "sluice.operatorServiceAccount" -}}
{{- if .Values.operator.serviceAccount.create -}}
{{- default (include "sluice.operatorName" .) .Values.operator.serviceAccount.name -}}
{{- else -}}
{{- required "operator.serviceAccount.name is required when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Paths inside node pods. The operator writes backend CA paths under the same directory. */}}
{{- define "sluice.configDir" -}}/etc/sluice/config{{- end -}}
{{- define "sluice.routingDir" -}}/etc/sluice/routing{{- end -}}
{{- define "sluice.backendTlsDir" -}}/etc/sluice/backend-tls{{- end -}}

{{/* Labels; called with (dict "ctx" $ "component" "node"). */}}
{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: sluice
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sluice.labels" -}}
{{ include "sluice.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: sluice
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}

{{/* An image reference; called with (dict "ctx" $ "image" .Values.node.image). */}}
{{- define "sluice.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* Watched namespaces as a comma-separated list; the release namespace when none are given. */}}
{{- define "sluice.watchNamespaces" -}}
{{- if .Values.operator.watchNamespaces -}}
{{- join "," (uniq .Values.operator.watchNamespaces) -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* redis.address (a string or a list) as a JSON list; the bundled Redis when redis.enabled. */}}
{{- define "sluice.redisAddresses" -}}
{{- $address := .Values.redis.address -}}
{{- if and .Values.redis.enabled $address -}}
{{- fail "set either redis.enabled (a bundled Redis) or redis.address (your Redis), not both" -}}
{{- end -}}
{{- if .Values.redis.enabled -}}
{{- list (printf "redis://%s:6379" (include "sluice.redisName" .)) | toJson -}}
{{- else if kindIs "string" $address -}}
{{- list $address | toJson -}}
{{- else -}}
{{- $address | default list | toJson -}}
{{- end -}}
{{- end -}}

{{- define "sluice.engine" -}}
{{- if fromJsonArray (include "sluice.redisAddresses" .) -}}redis{{- else -}}memory{{- end -}}
{{- end -}}

{{/*
node.internalPort as a number, 0 when off (null or 0): the port of the server API, /health, /ready
and /metrics, apart from the client port.
*/}}
{{- define "sluice.internalPort" -}}
{{- $port := int (default 0 .Values.node.internalPort) -}}
{{- if eq $port (int .Values.node.port) -}}
{{- fail "node.internalPort must differ from node.port (or be null to serve everything on node.port)" -}}
{{- end -}}
{{- $port -}}
{{- end -}}

{{/* The container port name serving the server API, /health, /ready and /metrics. */}}
{{- define "sluice.internalPortName" -}}
{{- if include "sluice.internalPort" . | int -}}internal{{- else -}}http{{- end -}}
{{- end -}}

{{/*
The nodes' base config file: node.config plus the keys the chart owns. Secrets never go here;
they reach the node as SLUICE_* variables from existingSecret.
*/}}
{{- define "sluice.nodeConfig" -}}
{{- $config := deepCopy .Values.node.config -}}
{{- $_ := set $config "port" (int .Values.node.port) -}}
{{- $internalPort := include "sluice.internalPort" . | int -}}
{{- if $internalPort -}}
{{- $_ := set $config "internal_port" $internalPort -}}
{{- end -}}
{{- $engine := include "sluice.engine" . -}}
{{- $_ := set $config "engine" $engine -}}
{{- if eq $engine "redis" -}}
{{- $_ := set $config "redis_address" (fromJsonArray (include "sluice.redisAddresses" .)) -}}
{{- $_ := set $config "redis_prefix" .Values.redis.prefix -}}
{{- end -}}
{{- toPrettyJson $config -}}
{{- end -}}

{{/* node.topologySpreadConstraints, a missing labelSelector filled with the node pods' labels. */}}
{{- define "sluice.nodeTopologySpread" -}}
{{- $selector := include "sluice.selectorLabels" (dict "ctx" . "component" "node") | fromYaml -}}
{{- $constraints := list -}}
{{- range .Values.node.topologySpreadConstraints -}}
{{- $constraint := deepCopy . -}}
{{- if not (hasKey $constraint "labelSelector") -}}
{{- $_ := set $constraint "labelSelector" (dict "matchLabels" $selector) -}}
{{- end -}}
{{- $constraints = append $constraints $constraint -}}
{{- end -}}
{{- toYaml $constraints -}}
{{- end -}}

{{/* An HTTP probe: the timings from values plus the check; (dict "probe" ... "path" ... "port" ...). */}}
{{- define "sluice.httpProbe" -}}
{{- $probe := merge (dict "httpGet" (dict "path" .path "port" .port)) (deepCopy .probe) -}}
{{- toYaml $probe -}}
{{- end -}}

{{/* The operator's rules in a watched namespace (a Role there, or the ClusterRole). */}}
{{- define "sluice.operatorWatchRules" -}}
- apiGroups: [sluice.io]
  resources: [streambackends, proxystreamnamespaces]
  verbs: [get, list, watch]
- apiGroups: [sluice.io]
  resources: [streambackends/status, proxystreamnamespaces/status]
  verbs: [update]
- apiGroups: [""]
  resources: [services]
  verbs: [list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [get, create, update]
{{- end -}}

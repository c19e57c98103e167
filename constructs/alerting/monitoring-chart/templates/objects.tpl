{{- /*
Renders every object of .Values.objects whose apiVersion/kind the cluster serves. Without the
Prometheus Operator's CRDs the release installs empty instead of failing; once the CRDs exist,
the next upgrade (HarborAlerting changes a value when it sees them) creates the objects.
*/ -}}
{{- range .Values.objects }}
{{- if $.Capabilities.APIVersions.Has (printf "%s/%s" .apiVersion .kind) }}
---
{{ toYaml . }}
{{- end }}
{{- end }}

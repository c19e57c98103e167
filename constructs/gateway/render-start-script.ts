import { NginxGatewayConfigProps, ResolvedGatewaySettings, resolveGatewaySettings } from "./gateway-settings";
import { NginxRuntimeLayout, POD_RUNTIME_LAYOUT } from "./render-nginx-config";

/** Where the gateway pod mounts the rendered files (the ConfigMap). */
export const POD_CONFIG_DIR = "/etc/nginx/gateway";

/** Where the start script finds the rendered nginx.conf, and where it keeps the copy nginx runs. */
export interface StartScriptPaths {
  /** The rendered nginx.conf as mounted (read-only). */
  readonly templateFile: string;
}

/** The pod's paths: the ConfigMap mounted at {@link POD_CONFIG_DIR}. */
export const POD_START_SCRIPT_PATHS: StartScriptPaths = { templateFile: `${POD_CONFIG_DIR}/nginx.conf` };

/** Message the script logs for an upstream name that does not resolve (tests and alerts match it). */
export const UNRESOLVED_UPSTREAM_MESSAGE = "does not resolve; its site counts as down until it does";

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * Renders the POSIX shell script the gateway container runs: `sh start.sh [nginx options]`.
 *
 * nginx (OSS before 1.27.3) resolves upstream names once, when it starts, and refuses to start if
 * one does not resolve. A gateway pod that restarts while one site's `harbor` Service is gone (the
 * site being rebuilt) would then crash-loop exactly when failover is needed. The script starts
 * nginx from a copy of the rendered config in which each site upstream whose name does not resolve
 * points at a unix socket that does not exist: connecting fails at once, so that site counts as
 * down (the failover upstream retries the other site, the pinned hostname answers 502) and the
 * other site serves. While a name is missing, a watcher re-checks every `recheckSec` and reloads
 * nginx with the real address as soon as it resolves, then exits. Any other config error still
 * stops the container, with nginx's own message. nginx's own `nginx -t` decides what resolves, so
 * the script and nginx never disagree.
 *
 * @example
 * const script = renderStartScript({
 *   hostname: "registry.example.com",
 *   primary: { name: "primary", namespace: "harbor-primary" },
 *   backup: { name: "backup", namespace: "harbor-backup" },
 * });
 */
export function renderStartScript(
  props: NginxGatewayConfigProps,
  layout: NginxRuntimeLayout = POD_RUNTIME_LAYOUT,
  paths: StartScriptPaths = POD_START_SCRIPT_PATHS,
  recheckSec = 5,
): string {
  return renderResolvedStartScript(resolveGatewaySettings(props), layout, paths, recheckSec);
}

/** Renders the start script for already resolved settings. */
export function renderResolvedStartScript(
  s: ResolvedGatewaySettings,
  layout: NginxRuntimeLayout,
  paths: StartScriptPaths = POD_START_SCRIPT_PATHS,
  recheckSec = 5,
): string {
  const upstreams = [...new Set([s.primary.upstream, s.backup.upstream])].join(" ");
  return `#!/bin/sh
# Rendered by harbor-cdktf renderStartScript; change the gateway props, not this file.
# Starts nginx even when a site's upstream name does not resolve (its Service is being rebuilt):
# that site points at a socket that refuses every connection until its name resolves again.
# Usage: sh start.sh [nginx options], e.g. sh start.sh -g 'daemon off;'
set -u
TEMPLATE=${shellQuote(paths.templateFile)}
RUNNING=${shellQuote(`${layout.runDir}/nginx.conf`)}
UNRESOLVED=${shellQuote(`unix:${layout.runDir}/unresolved-upstream.sock`)}
UPSTREAMS=${shellQuote(upstreams)}

# Writes $RUNNING.next: the template, each upstream whose name does not resolve replaced by
# $UNRESOLVED, and lists those in $down. Fails with nginx's verdict on any other error.
prepare() {
  cp "$TEMPLATE" "$RUNNING.next" || return 1
  down=''
  while ! verdict=$(nginx -t -q -c "$RUNNING.next" "$@" 2>&1); do
    host=$(printf '%s\\n' "$verdict" | sed -n 's/.*host not found in upstream "\\([^"]*\\)".*/\\1/p' | head -n 1)
    case " $UPSTREAMS " in *" $host "*) ;; *) printf '%s\\n' "$verdict" >&2; return 1 ;; esac
    case " $down " in *" $host "*) printf '%s\\n' "$verdict" >&2; return 1 ;; esac
    pattern=$(printf '%s' "$host" | sed 's/\\./\\\\./g')
    sed -i "s#server $pattern #server $UNRESOLVED #" "$RUNNING.next" || return 1
    down="$down $host"
    echo "harbor-gateway: upstream $host ${UNRESOLVED_UPSTREAM_MESSAGE}" >&2
  done
}

# Runs in the background while a name is missing; exits with nginx ($$ after exec) or once all resolve.
watch() {
  while sleep ${recheckSec} && kill -0 $$ 2>/dev/null; do
    prepare "$@" || continue
    if cmp -s "$RUNNING.next" "$RUNNING"; then continue; fi
    mv "$RUNNING.next" "$RUNNING"
    nginx -s reload -c "$RUNNING" "$@" &&
      echo "harbor-gateway: reloaded nginx; upstreams still not resolving:\${down:- none}" >&2
    [ -z "$down" ] && exit 0
  done
}

prepare "$@" || exit 1
mv "$RUNNING.next" "$RUNNING"
if [ -n "$down" ]; then watch "$@" & fi
exec nginx -c "$RUNNING" "$@"
`;
}

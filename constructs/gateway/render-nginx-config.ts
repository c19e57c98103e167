import {
  NginxGatewayConfigProps,
  ResolvedGatewaySettings,
  ResolvedGatewaySite,
  resolveGatewaySettings,
} from "./gateway-settings";

/**
 * Where nginx listens and keeps its files. The defaults are the gateway pod's layout (non-root,
 * read-only root filesystem with an emptyDir on /tmp, TLS secret mounted at /etc/nginx/tls).
 * Tests and benchmarks override it to run the same configuration on loopback in a temp dir.
 */
export interface NginxRuntimeLayout {
  /** `listen` address of the TLS server: a port, or `address:port`. */
  readonly httpsListen: string;
  /** `listen` address of the plain-HTTP server (health endpoint, redirect to HTTPS). */
  readonly httpListen: string;
  /** Where nginx writes its pid (a writable path). */
  readonly pidFile: string;
  /** Existing directory for request-body and proxy temp files (nginx creates one level below it). */
  readonly tempDir: string;
  /** Directory for the internal unix sockets. */
  readonly runDir: string;
  /** Access log destination, e.g. `/dev/stdout`. */
  readonly accessLog: string;
  /** Error log destination, e.g. `stderr`. */
  readonly errorLog: string;
  /** PEM certificate chain of the TLS server. */
  readonly tlsCertificateFile: string;
  /** PEM private key of the TLS server. */
  readonly tlsCertificateKeyFile: string;
}

/** The gateway pod's layout. */
export const POD_RUNTIME_LAYOUT: NginxRuntimeLayout = {
  httpsListen: "8443",
  httpListen: "8080",
  pidFile: "/tmp/nginx.pid",
  tempDir: "/tmp",
  runDir: "/tmp",
  accessLog: "/dev/stdout",
  errorLog: "stderr",
  tlsCertificateFile: "/etc/nginx/tls/tls.crt",
  tlsCertificateKeyFile: "/etc/nginx/tls/tls.key",
};

/** Path of the health endpoint on every server (HTTP and HTTPS). */
export const HEALTH_PATH = "/healthz";

/** Mozilla "intermediate" TLS 1.2 suites (forward secret AEAD only); TLS 1.3 suites are OpenSSL's defaults. */
export const TLS_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/** Upstream group names in the rendered config (also what `$proxy_host` logs). */
export const UPSTREAM_FAILOVER = "harbor_failover";
export const UPSTREAM_UPLOAD_START = "harbor_upload_start";
export function siteUpstreamName(siteName: string): string {
  return `harbor_site_${siteName.replace(/-/g, "_")}`;
}

/** Unix socket of the internal server that opens upload sessions on one site. */
export function uploadStartSocket(layout: NginxRuntimeLayout, siteName: string): string {
  return `${layout.runDir}/upload-start-${siteName}.sock`;
}

/**
 * The session part of an upload URL marked as owned by `siteName`. The registry never sees the
 * marker: the gateway strips it before proxying to that site.
 */
export function markUploadSession(siteName: string, session: string): string {
  return `${siteName}.${session}`;
}

// Why the registry-specific constants below are not props: they follow from the protocol, not from
// a deployment's taste. Harbor bearer tokens for many repositories make large Authorization headers;
// with response buffering off nginx moves a blob through one buffer of proxy_buffer_size.
const LARGE_HEADER_BUFFERS = "4 32k";
const PROXY_BUFFER_SIZE = "256k";
const UPSTREAM_IDLE_TIMEOUT_SEC = 30;
const UPLOAD_START_KEEPALIVE = 8;
// The token endpoint is the one replayable location that takes a body (an OAuth2 form from
// containerd): small, so a limit equal to the in-memory buffer keeps it off the disk.
const TOKEN_BODY_LIMIT = "64k";

const ACCESS_LOG_FORMAT = [
  '"time":"$time_iso8601"',
  '"msec":$msec',
  '"remote_addr":"$remote_addr"',
  '"host":"$host"',
  '"method":"$request_method"',
  '"uri":"$request_uri"',
  '"status":$status',
  '"request_length":$request_length',
  '"bytes_sent":$bytes_sent',
  '"request_time":$request_time',
  '"route":"$gateway_route"',
  '"upstream":"$proxy_host"',
  '"upstream_addr":"$upstream_addr"',
  '"upstream_status":"$upstream_status"',
  '"upstream_connect_time":"$upstream_connect_time"',
  '"upstream_response_time":"$upstream_response_time"',
].join(",");

/** Regex (nginx PCRE) of an upload Location as the registry sends it, absolute or relative. */
const UPLOAD_LOCATION = "~^(.*?/v2/.+/blobs/uploads/)([^/?]+)(.*)$";

class Block {
  private readonly lines: string[] = [];

  constructor(private readonly depth = 0) {}

  line(text: string): this {
    this.lines.push(text === "" ? "" : `${"    ".repeat(this.depth)}${text}`);
    return this;
  }

  comment(text: string): this {
    return this.line(`# ${text}`);
  }

  block(head: string, body: (inner: Block) => void): this {
    this.line(`${head} {`);
    const inner = new Block(this.depth + 1);
    body(inner);
    this.lines.push(...inner.lines);
    return this.line("}");
  }

  toString(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

function upstreams(http: Block, s: ResolvedGatewaySettings, layout: NginxRuntimeLayout): void {
  http.comment("Primary first; the backup only while the primary is failing. The zone shares the failure");
  http.comment(
    "state between workers, so one probe per failTimeout reaches a failed primary, not one per worker.",
  );
  http.block(`upstream ${UPSTREAM_FAILOVER}`, (u) => {
    u.line(`zone ${UPSTREAM_FAILOVER} 64k;`);
    u.line(`server ${s.primary.upstream} max_fails=${s.maxFails} fail_timeout=${s.failTimeoutSec}s;`);
    u.comment("Never marked down: when both sites fail, trying the backup beats an instant 502.");
    u.line(`server ${s.backup.upstream} backup max_fails=0;`);
    u.line(`keepalive ${s.upstreamKeepaliveConnections};`);
    u.line(`keepalive_timeout ${UPSTREAM_IDLE_TIMEOUT_SEC}s;`);
  });
  for (const site of [s.primary, s.backup]) {
    http.block(`upstream ${siteUpstreamName(site.name)}`, (u) => {
      u.line(`server ${site.upstream} max_fails=0;`);
      u.line(`keepalive ${s.upstreamKeepaliveConnections};`);
      u.line(`keepalive_timeout ${UPSTREAM_IDLE_TIMEOUT_SEC}s;`);
    });
  }
  http.comment("Upload sessions are opened through one internal server per site, so the response");
  http.comment("is known to come from that site and its Location can be marked with the site's name.");
  http.block(`upstream ${UPSTREAM_UPLOAD_START}`, (u) => {
    u.line(`zone ${UPSTREAM_UPLOAD_START} 64k;`);
    u.line(
      `server unix:${uploadStartSocket(layout, s.primary.name)} max_fails=${s.maxFails} fail_timeout=${s.failTimeoutSec}s;`,
    );
    u.line(`server unix:${uploadStartSocket(layout, s.backup.name)} backup max_fails=0;`);
    u.line(`keepalive ${UPLOAD_START_KEEPALIVE};`);
  });
}

/**
 * Reads are retried on errors, timeouts and gateway-level 5xx (a 500 answers the request, it does
 * not condemn the site). Writes only on connection errors: see {@link writeLocation}.
 */
const READ_RETRY = "error timeout invalid_header http_502 http_503 http_504";

function retryPolicy(loc: Block, conditions: string, budgetSec: number): void {
  loc.line(`proxy_next_upstream ${conditions};`);
  loc.line("proxy_next_upstream_tries 2;");
  loc.line(`proxy_next_upstream_timeout ${budgetSec}s;`);
}

/**
 * nginx sends a request again only if it kept the whole body; a streamed one (the default here) is
 * not resent once its first bytes went out, and a client's `Content-Length: 0` would make an empty
 * one "streamed". Only requests without a body reach these locations ({@link dispatchWrites}).
 */
function replayable(loc: Block): void {
  loc.line("proxy_request_buffering on;");
}

function uploadTransfer(loc: Block, s: ResolvedGatewaySettings): void {
  loc.line("proxy_request_buffering off;");
  loc.line("proxy_buffering off;");
  loc.line(`proxy_read_timeout ${s.uploadTimeoutSec}s;`);
  loc.line(`proxy_send_timeout ${s.uploadTimeoutSec}s;`);
}

/**
 * The distribution registry (Harbor's too) answers a POST with a body before reading it (it opens
 * a session and ignores the body). nginx then discards the rest and closes the connection although
 * it announced keep-alive, so a client reusing it fails. Announce the close instead.
 */
function closeAfterEarlyAnswer(loc: Block): void {
  loc.line("keepalive_timeout 0;");
}

function markLocations(loc: Block, site: ResolvedGatewaySite): void {
  loc.line(`proxy_redirect "${UPLOAD_LOCATION}" "$1${markUploadSession(site.name, "$2")}$3";`);
}

function healthLocation(server: Block): void {
  server.block(`location = ${HEALTH_PATH}`, (loc) => {
    loc.line("access_log off;");
    loc.line("default_type text/plain;");
    loc.line('return 200 "ok\\n";');
  });
}

/** Sends every request with a body, and every method but GET/HEAD/OPTIONS, to {@link writeLocation}. */
function dispatchWrites(loc: Block): void {
  loc.line("error_page 418 = @write;");
  loc.block("if ($gateway_write)", (onWrite) => onWrite.line("return 418;"));
}

/**
 * Manifest PUT, DELETE and Harbor API writes: retried on the backup on connection errors only. nginx
 * would also resend a PUT or DELETE after a timeout or a 502/503/504 (it holds them idempotent;
 * only POST, PATCH and LOCK need `non_idempotent`), so a write that reached a slow primary would
 * run on the backup too. With `error` alone a slow primary keeps the write and the client gets its
 * answer or a 504. What `error` still covers after sending: a connection the primary closes or
 * resets before answering (a crash, or a keepalive connection it had just closed). nginx cannot tell
 * that from a refused connection, so such a PUT or DELETE runs on the backup, as the client's own
 * retry would; a POST or PATCH is not resent, and neither is a streamed body that was partly sent.
 * A connection that times out (a dead node) is not retried: the client gets 504, and the primary
 * counts a failure toward `maxFails` like any other.
 */
function writeLocation(server: Block, s: ResolvedGatewaySettings): void {
  server.block("location @write", (loc) => {
    loc.line("set $gateway_route $gateway_write_route;");
    loc.line(`proxy_pass http://${UPSTREAM_FAILOVER};`);
    loc.line(`proxy_read_timeout ${s.apiReadTimeoutSec}s;`);
    retryPolicy(loc, "error", s.failoverTimeoutSec);
  });
}

function tlsServerHead(server: Block, s: ResolvedGatewaySettings, name: string): void {
  server.line(`server_name ${name};`);
  if (s.hstsMaxAgeSec > 0)
    server.line(`add_header Strict-Transport-Security "max-age=${s.hstsMaxAgeSec}" always;`);
  server.line('set $gateway_route "other";');
}

function failoverServer(http: Block, s: ResolvedGatewaySettings, layout: NginxRuntimeLayout): void {
  http.comment(`${s.hostname}: ${s.primary.name} with failover to ${s.backup.name}`);
  http.block("server", (server) => {
    server.line(`listen ${layout.httpsListen} ssl default_server;`);
    tlsServerHead(server, s, s.hostname);
    healthLocation(server);

    server.comment("Opening an upload session (a POST without a body) commits nothing: it is retried on");
    server.comment("the backup even after it was sent. A POST with a body (monolithic upload) is streamed.");
    server.block("location ~ ^/v2/.+/blobs/uploads/?$", (loc) => {
      loc.line("set $gateway_route upload-start;");
      loc.line("error_page 418 = @upload_start_streamed;");
      loc.block("if ($request_body_present)", (withBody) => withBody.line("return 418;"));
      loc.line(`proxy_pass http://${UPSTREAM_UPLOAD_START};`);
      replayable(loc);
      loc.comment("The internal hop answers 504 after pullReadTimeout itself; wait a little longer for it.");
      loc.line(`proxy_read_timeout ${s.connectTimeoutSec + s.pullReadTimeoutSec + 1}s;`);
      retryPolicy(loc, `${READ_RETRY} non_idempotent`, s.failoverTimeoutSec);
    });
    server.comment("A streamed body is never sent twice: the POST goes to the site picked now, no retry.");
    server.block("location @upload_start_streamed", (loc) => {
      loc.line("set $gateway_route upload-start-body;");
      loc.line(`proxy_pass http://${UPSTREAM_UPLOAD_START};`);
      uploadTransfer(loc, s);
      loc.line("proxy_next_upstream off;");
      closeAfterEarlyAnswer(loc);
    });

    for (const site of [s.primary, s.backup]) {
      server.comment(`An upload session owned by ${site.name} continues there, whatever the failover state.`);
      const marker = markUploadSession(site.name, "").replace(/\./g, "\\.");
      server.block(
        `location ~ ^(?<upload_base>/v2/.+/blobs/uploads/)${marker}(?<upload_session>[^/]+)$`,
        (loc) => {
          loc.line(`set $gateway_route upload-${site.name};`);
          loc.line("rewrite ^ $upload_base$upload_session break;");
          loc.line(`proxy_pass http://${siteUpstreamName(site.name)};`);
          uploadTransfer(loc, s);
          markLocations(loc, site);
        },
      );
    }

    server.comment(
      "Sessions opened before this gateway marked them: no retry, a PATCH or PUT must not move.",
    );
    server.block("location ~ ^/v2/.+/blobs/uploads/[^/]+$", (loc) => {
      loc.line("set $gateway_route upload-unmarked;");
      loc.line(`proxy_pass http://${UPSTREAM_FAILOVER};`);
      uploadTransfer(loc, s);
    });

    server.comment("Listings take time on a healthy site with many repositories or tags: the API class,");
    server.comment("so a slow one is neither cut nor counted against the primary before apiReadTimeout.");
    server.block("location ~ ^/v2/(?:_catalog|.+/tags/list|.+/referrers/[^/]+)$", (loc) => {
      loc.line("set $gateway_route list;");
      dispatchWrites(loc);
      loc.line(`proxy_pass http://${UPSTREAM_FAILOVER};`);
      replayable(loc);
      loc.line(`proxy_read_timeout ${s.apiReadTimeoutSec}s;`);
      apiReadRetry(loc);
    });

    server.comment(
      "Pulls: short reads, so a hung primary costs one pullReadTimeout before the backup answers.",
    );
    server.block("location /v2/", (loc) => {
      loc.line("set $gateway_route pull;");
      dispatchWrites(loc);
      loc.line(`proxy_pass http://${UPSTREAM_FAILOVER};`);
      replayable(loc);
      loc.line(`proxy_read_timeout ${s.pullReadTimeoutSec}s;`);
      loc.line("proxy_buffering off;");
      retryPolicy(loc, READ_RETRY, s.failoverTimeoutSec);
    });

    writeLocation(server, s);

    server.comment("Issuing a token changes nothing: a POST (containerd's OAuth2 form) is retried too.");
    server.block("location = /service/token", (loc) => {
      loc.line("set $gateway_route token;");
      loc.line(`proxy_pass http://${UPSTREAM_FAILOVER};`);
      replayable(loc);
      loc.line(`client_max_body_size ${TOKEN_BODY_LIMIT};`);
      loc.line(`client_body_buffer_size ${TOKEN_BODY_LIMIT};`);
      loc.line(`proxy_read_timeout ${s.pullReadTimeoutSec}s;`);
      retryPolicy(loc, `${READ_RETRY} non_idempotent`, s.failoverTimeoutSec);
    });

    server.comment("Harbor API and UI.");
    server.block("location /", (loc) => {
      loc.line("set $gateway_route api;");
      dispatchWrites(loc);
      loc.line(`proxy_pass http://${UPSTREAM_FAILOVER};`);
      replayable(loc);
      loc.line(`proxy_read_timeout ${s.apiReadTimeoutSec}s;`);
      apiReadRetry(loc);
    });
  });
}

/**
 * Slow reads (listings, API): retried like pulls, and also after a first try that timed out after
 * apiReadTimeout (a hung primary not yet marked failed), hence no time budget; two tries bound them.
 */
function apiReadRetry(loc: Block): void {
  loc.line(`proxy_next_upstream ${READ_RETRY};`);
  loc.line("proxy_next_upstream_tries 2;");
  loc.line("proxy_next_upstream_timeout 0;");
}

function pinnedServer(
  http: Block,
  s: ResolvedGatewaySettings,
  layout: NginxRuntimeLayout,
  site: ResolvedGatewaySite,
) {
  if (site.hostname === undefined) return;
  const upstream = siteUpstreamName(site.name);
  http.comment(`${site.hostname}: pinned to ${site.name}, no failover`);
  http.block("server", (server) => {
    server.line(`listen ${layout.httpsListen} ssl;`);
    tlsServerHead(server, s, site.hostname as string);
    healthLocation(server);
    server.block("location ~ ^/v2/.+/blobs/uploads/[^/]+$", (loc) => {
      loc.line(`set $gateway_route upload-${site.name};`);
      loc.line(`proxy_pass http://${upstream};`);
      uploadTransfer(loc, s);
    });
    server.block("location /v2/", (loc) => {
      loc.line(`set $gateway_route site-${site.name};`);
      loc.line(`proxy_pass http://${upstream};`);
      loc.line(`proxy_read_timeout ${s.apiReadTimeoutSec}s;`);
      loc.line("proxy_buffering off;");
    });
    server.block("location /", (loc) => {
      loc.line(`set $gateway_route site-${site.name};`);
      loc.line(`proxy_pass http://${upstream};`);
      loc.line(`proxy_read_timeout ${s.apiReadTimeoutSec}s;`);
    });
  });
}

function uploadStartServer(
  http: Block,
  s: ResolvedGatewaySettings,
  layout: NginxRuntimeLayout,
  site: ResolvedGatewaySite,
): void {
  http.comment(`Internal: opens upload sessions on ${site.name} and marks their Location.`);
  http.block("server", (server) => {
    server.line(`listen unix:${uploadStartSocket(layout, site.name)};`);
    server.line("access_log off;");
    server.line("set_real_ip_from unix:;");
    server.line("real_ip_header X-Real-IP;");
    server.comment("Pass the client's forwarding headers through unchanged.");
    server.line("proxy_set_header Host $http_host;");
    server.line('proxy_set_header Connection "";');
    server.line("proxy_set_header X-Real-IP $remote_addr;");
    server.line("proxy_set_header X-Forwarded-For $http_x_forwarded_for;");
    server.line("proxy_set_header X-Forwarded-Proto https;");
    server.block("location /", (loc) => {
      loc.line("error_page 418 = @streamed;");
      loc.block("if ($request_body_present)", (withBody) => withBody.line("return 418;"));
      loc.line(`proxy_pass http://${siteUpstreamName(site.name)};`);
      loc.line(`proxy_read_timeout ${s.pullReadTimeoutSec}s;`);
      markLocations(loc, site);
    });
    server.comment("A registry may commit a monolithic upload after its last byte: the upload timeouts.");
    server.block("location @streamed", (loc) => {
      loc.line(`proxy_pass http://${siteUpstreamName(site.name)};`);
      uploadTransfer(loc, s);
      markLocations(loc, site);
      closeAfterEarlyAnswer(loc);
    });
  });
}

function plainHttpServer(http: Block, layout: NginxRuntimeLayout): void {
  http.comment(
    "Plain HTTP: health checks for the kubelet and the load balancer; everything else moves to HTTPS.",
  );
  http.block("server", (server) => {
    server.line(`listen ${layout.httpListen} default_server;`);
    server.line('set $gateway_route "redirect";');
    healthLocation(server);
    server.block("location /", (loc) => {
      loc.line("return 308 https://$host$request_uri;");
    });
  });
}

/**
 * Renders the gateway's complete `nginx.conf`: a pure function of the props (and of the runtime
 * layout, which only moves ports and files). Throws a `ValidationError` listing every bad prop.
 *
 * Design, request by request:
 * - pulls (GET/HEAD of manifests and blobs, `/v2/`, the token endpoint) go to the primary with
 *   short read timeouts and are retried on the backup on errors, timeouts and 502/503/504, within
 *   `failoverTimeoutSec`;
 * - listings (`_catalog`, `tags/list`, referrers) and Harbor API reads get the long API timeout,
 *   so a slow healthy primary keeps them; they are retried like pulls;
 * - writes (manifest PUT, DELETE, API writes, anything with a body) are retried on the backup on
 *   connection errors only, never after a timeout or an answer: a slow primary keeps them;
 * - an upload session is opened (POST .../blobs/uploads/) through an internal per-site server that
 *   marks the returned Location with the site's name; a POST without a body is retried on the
 *   backup, one with a body (monolithic upload) is streamed and is not;
 * - PATCH/PUT/GET/DELETE of a marked session go to the site named in the marker, unbuffered, with
 *   the long upload timeout: an upload continues on the registry that opened it, across failover
 *   and failback;
 * - `maxFails` failures take the primary out for `failTimeoutSec`, then one request probes it
 *   (fast failback). No request body ever touches the disk.
 *
 * @example
 * const text = renderNginxConfig({
 *   hostname: "registry.example.com",
 *   primary: { name: "primary", namespace: "harbor-primary", hostname: "primary.registry.example.com" },
 *   backup: { name: "backup", namespace: "harbor-backup", hostname: "backup.registry.example.com" },
 * });
 */
export function renderNginxConfig(
  props: NginxGatewayConfigProps,
  layout: NginxRuntimeLayout = POD_RUNTIME_LAYOUT,
): string {
  return renderResolvedNginxConfig(resolveGatewaySettings(props), layout);
}

/** Renders already resolved settings (the construct resolves once and reuses the result). */
export function renderResolvedNginxConfig(s: ResolvedGatewaySettings, layout: NginxRuntimeLayout): string {
  const root = new Block();
  root.comment("Rendered by harbor-cdktf renderNginxConfig; change the gateway props, not this file.");
  root.line(`worker_processes ${s.workerProcesses};`);
  root.line(`pid ${layout.pidFile};`);
  root.line(`error_log ${layout.errorLog} warn;`);
  root.line("");
  root.block("events", (events) => events.line(`worker_connections ${s.workerConnections};`));
  root.line("");
  root.block("http", (http) => {
    for (const kind of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
      http.line(`${kind}_temp_path ${layout.tempDir}/${kind};`);
    }
    http.line("default_type application/octet-stream;");
    http.line("server_tokens off;");
    http.comment("Request bodies stream to the site, never to disk; locations that replay a request say so.");
    http.line("client_max_body_size 0;");
    http.line("proxy_request_buffering off;");
    http.comment(
      "Relative Locations (a registry with relativeurls) stay relative, not nginx's scheme and port.",
    );
    http.line("absolute_redirect off;");
    http.line(`large_client_header_buffers ${LARGE_HEADER_BUFFERS};`);
    http.line("");
    http.line(`log_format gateway escape=json '{${ACCESS_LOG_FORMAT}}';`);
    http.line(`access_log ${layout.accessLog} gateway;`);
    http.line("");
    http.comment("Harbor builds its token realm, and the registry its upload Locations, from Host and");
    http.comment(
      "X-Forwarded-Proto: forward the client's Host as sent (with a non-default port), else $host.",
    );
    http.block("map $http_host $forwarded_host", (map) => {
      map.line('"" $host;');
      map.line("default $http_host;");
    });
    http.comment("A request carries a body if it says so (Transfer-Encoding, or a Content-Length above 0).");
    http.comment("Only GET/HEAD/OPTIONS without one are reads, which the gateway may send twice.");
    http.block('map "$http_transfer_encoding:$http_content_length" $request_body_present', (map) => {
      map.line('"~^:0*$" 0;');
      map.line("default 1;");
    });
    http.block('map "$request_method:$request_body_present" $gateway_write', (map) => {
      map.line('"~^(?:GET|HEAD|OPTIONS):0$" "";');
      map.line("default 1;");
    });
    http.block("map $uri $gateway_write_route", (map) => {
      map.line("~^/v2/ write;");
      map.line("default api-write;");
    });
    http.comment("HTTP/1.1 with keepalive to the sites.");
    http.line("proxy_http_version 1.1;");
    http.line('proxy_set_header Connection "";');
    http.line("proxy_set_header Host $forwarded_host;");
    http.line("proxy_set_header X-Real-IP $remote_addr;");
    http.line("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
    http.line("proxy_set_header X-Forwarded-Proto https;");
    http.line(`proxy_connect_timeout ${s.connectTimeoutSec}s;`);
    http.line(`proxy_buffer_size ${PROXY_BUFFER_SIZE};`);
    http.line("proxy_buffers 8 128k;");
    http.line("proxy_busy_buffers_size 256k;");
    http.line("proxy_max_temp_file_size 0;");
    http.comment("Locations are marked explicitly below; no other rewriting.");
    http.line("proxy_redirect off;");
    http.line("");
    http.line(`ssl_certificate ${layout.tlsCertificateFile};`);
    http.line(`ssl_certificate_key ${layout.tlsCertificateKeyFile};`);
    http.line("ssl_protocols TLSv1.2 TLSv1.3;");
    http.line(`ssl_ciphers ${TLS_CIPHERS};`);
    http.line("ssl_prefer_server_ciphers off;");
    http.line("ssl_session_cache shared:gateway_tls:10m;");
    http.line("ssl_session_timeout 1h;");
    http.line("ssl_session_tickets off;");
    http.line("");
    upstreams(http, s, layout);
    http.line("");
    plainHttpServer(http, layout);
    failoverServer(http, s, layout);
    pinnedServer(http, s, layout, s.primary);
    pinnedServer(http, s, layout, s.backup);
    uploadStartServer(http, s, layout, s.primary);
    uploadStartServer(http, s, layout, s.backup);
  });
  return root.toString();
}

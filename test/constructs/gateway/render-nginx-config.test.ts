import {
  harborServiceUpstream,
  NginxGatewayConfigProps,
  resolveGatewaySettings,
} from "../../../constructs/gateway/gateway-settings";
import {
  NginxRuntimeLayout,
  POD_RUNTIME_LAYOUT,
  renderNginxConfig,
} from "../../../constructs/gateway/render-nginx-config";
import { ValidationError } from "../../../constructs/lib/validation";

const props: NginxGatewayConfigProps = {
  hostname: "registry.example.com",
  primary: { name: "primary", namespace: "harbor-primary", hostname: "primary.registry.example.com" },
  backup: { name: "backup", namespace: "harbor-backup", hostname: "backup.registry.example.com" },
};

/** The body of the first block whose header line matches, braces balanced. */
function block(text: string, header: RegExp): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => header.test(line.trim()));
  if (start < 0) throw new Error(`no block ${header}`);
  let depth = 0;
  const body: string[] = [];
  for (const line of lines.slice(start)) {
    depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
    body.push(line.trim());
    if (depth === 0) break;
  }
  return body.join("\n");
}

/** Every location block of the text, in order, each with its header line first. */
function locationBlocks(text: string): string[] {
  const lines = text.split("\n");
  return lines.flatMap((line, i) =>
    /^\s+location /.test(line) ? [block(lines.slice(i).join("\n"), /^location /)] : [],
  );
}

/** The server block that serves `name`. */
function server(text: string, name: string): string {
  const blocks = text.split(/\n(?=    server \{)/).filter((b) => b.startsWith("    server {"));
  const found = blocks.find((b) => b.includes(`server_name ${name};`));
  if (!found) throw new Error(`no server for ${name}`);
  return block(found, /^server \{$/);
}

describe("renderNginxConfig", () => {
  const text = renderNginxConfig(props);

  test("puts the primary first and the backup as nginx backup server, in-cluster DNS by default", () => {
    const upstream = block(text, /^upstream harbor_failover \{/);
    expect(upstream).toContain(
      "server harbor.harbor-primary.svc.cluster.local:80 max_fails=3 fail_timeout=5s;",
    );
    expect(upstream).toContain("server harbor.harbor-backup.svc.cluster.local:80 backup max_fails=0;");
    expect(upstream).toContain("keepalive 32;");
    expect(upstream).toContain("zone harbor_failover 64k;");
  });

  test("takes any host:port upstream and defaults the namespace to the site name", () => {
    const custom = renderNginxConfig({
      ...props,
      primary: { name: "hz-a", upstream: "10.0.0.5:8080" },
      backup: { name: "hz-b" },
    });
    expect(block(custom, /^upstream harbor_failover \{/)).toContain("server 10.0.0.5:8080 max_fails=3");
    expect(block(custom, /^upstream harbor_site_hz_b \{/)).toContain(
      `server ${harborServiceUpstream("hz-b")} max_fails=0;`,
    );
  });

  test("offers TLS 1.2 and 1.3 only, with forward-secret AEAD suites", () => {
    expect(text).toContain("ssl_protocols TLSv1.2 TLSv1.3;");
    const ciphers = /ssl_ciphers (\S+);/.exec(text)?.[1] ?? "";
    expect(ciphers.split(":").every((c) => c.startsWith("ECDHE-") && /GCM|CHACHA20/.test(c))).toBe(true);
    expect(text).not.toMatch(/RC4|SSLv|TLSv1;|TLSv1\.1|ssl on/);
  });

  test("forwards Host and X-Forwarded-Proto https for Harbor's token realm, over HTTP/1.1 keepalive", () => {
    expect(text).toContain("proxy_set_header Host $forwarded_host;");
    expect(block(text, /^map \$http_host \$forwarded_host/)).toContain('"" $host;');
    expect(text).toContain("proxy_set_header X-Forwarded-Proto https;");
    expect(text).toContain("proxy_http_version 1.1;");
    expect(text).toContain('proxy_set_header Connection "";');
    expect(text).toContain("client_max_body_size 0;");
  });

  test("gives pulls the short read timeout and retries them on the backup within bounded tries and time", () => {
    const pulls = block(server(text, "registry.example.com"), /^location \/v2\/ \{/);
    expect(pulls).toContain("proxy_pass http://harbor_failover;");
    expect(pulls).toContain("proxy_read_timeout 2s;");
    expect(pulls).toContain("proxy_next_upstream error timeout invalid_header http_502 http_503 http_504;");
    expect(pulls).toContain("proxy_next_upstream_tries 2;");
    expect(pulls).toContain("proxy_next_upstream_timeout 10s;");
    expect(pulls).toContain("proxy_buffering off;");
    expect(pulls).toContain("error_page 418 = @write;");
    expect(pulls).toContain("if ($gateway_write) {");
  });

  test("gives listings the API read timeout, retried like pulls and also after a timed-out first try", () => {
    const main = server(text, "registry.example.com");
    const listing = block(main, /^location ~ \^\/v2\/\(\?:_catalog\|/);
    expect(listing).toContain("set $gateway_route list;");
    expect(listing).toContain("proxy_read_timeout 60s;");
    expect(listing).toContain("proxy_next_upstream error timeout invalid_header http_502 http_503 http_504;");
    expect(listing).toContain("proxy_next_upstream_timeout 0;");
    const pattern = new RegExp(/^location ~ (\S+) \{/.exec(listing.split("\n")[0])?.[1] ?? "");
    for (const path of ["/v2/_catalog", "/v2/team/app/tags/list", "/v2/app/referrers/sha256:ab"]) {
      expect(path).toMatch(pattern);
    }
    for (const path of ["/v2/tags/list/manifests/latest", "/v2/app/referrers/blobs/sha256:ab", "/v2/"]) {
      expect(path).not.toMatch(pattern);
    }
    expect(block(main, /^location \/ \{/)).toContain("proxy_next_upstream_timeout 0;");
  });

  test("sends writes and every request with a body to a location that retries connection errors only", () => {
    const main = server(text, "registry.example.com");
    const write = block(main, /^location @write \{/);
    expect(write).toContain("proxy_pass http://harbor_failover;");
    expect(write).toContain("proxy_next_upstream error;");
    expect(write).toContain("proxy_read_timeout 60s;");
    expect(write).not.toMatch(/proxy_request_buffering on|timeout invalid_header|http_50\d|non_idempotent/);
    const kinds = block(text, /^map "\$request_method:\$request_body_present" \$gateway_write/);
    expect(kinds).toContain('"~^(?:GET|HEAD|OPTIONS):0$" "";');
    expect(kinds).toContain("default 1;");
    const bodies = block(
      text,
      /^map "\$http_transfer_encoding:\$http_content_length" \$request_body_present/,
    );
    expect(bodies).toContain('"~^:0*$" 0;');
    expect(bodies).toContain("default 1;");
    for (const header of [/^location \/v2\/ \{/, /^location \/ \{/, /^location ~ \^\/v2\/\(\?:_catalog/]) {
      expect(block(main, header)).toContain("error_page 418 = @write;");
    }
  });

  test("writes no request body to disk: bodies stream, except the token form, kept in memory", () => {
    expect(text.split("\n")).toContain("    proxy_request_buffering off;");
    expect(text.split("\n")).toContain("    absolute_redirect off;");
    const buffered = locationBlocks(text).filter((b) => b.includes("proxy_request_buffering on;"));
    expect(buffered.map((b) => b.split("\n")[0])).toEqual([
      "location ~ ^/v2/.+/blobs/uploads/?$ {",
      "location ~ ^/v2/(?:_catalog|.+/tags/list|.+/referrers/[^/]+)$ {",
      "location /v2/ {",
      "location = /service/token {",
      "location / {",
    ]);
    for (const body of buffered.filter((b) => !b.includes("/service/token"))) {
      // Only bodiless requests reach them: bodies are sent elsewhere before anything is read.
      expect(body).toMatch(/error_page 418 = @(write|upload_start_streamed);/);
    }
    const token = block(server(text, "registry.example.com"), /^location = \/service\/token \{/);
    expect(token).toContain("client_max_body_size 64k;");
    expect(token).toContain("client_body_buffer_size 64k;");
  });

  test("retries opening an upload session and token requests on the backup, the only non-idempotent ones", () => {
    const main = server(text, "registry.example.com");
    const start = block(main, /^location ~ \^\/v2\/\.\+\/blobs\/uploads\/\?\$ \{/);
    expect(start).toContain("proxy_pass http://harbor_upload_start;");
    expect(start).toContain("non_idempotent;");
    expect(start).toContain("proxy_request_buffering on;");
    expect(block(main, /^location = \/service\/token \{/)).toContain("non_idempotent;");
    expect(main.match(/non_idempotent/g)).toHaveLength(2);
    expect(
      block(text, /^map "\$http_transfer_encoding:\$http_content_length" \$request_body_present/),
    ).toContain('"~^:0*$" 0;');
    expect(block(text, /^upstream harbor_upload_start \{/)).toMatch(
      /upload-start-backup\.sock backup max_fails=0;/,
    );
  });

  test("streams a POST with a body (monolithic upload) through the marking hop, never retried", () => {
    const main = server(text, "registry.example.com");
    const start = block(main, /^location ~ \^\/v2\/\.\+\/blobs\/uploads\/\?\$ \{/);
    expect(start).toContain("error_page 418 = @upload_start_streamed;");
    expect(start).toContain("if ($request_body_present) {");
    const streamed = block(main, /^location @upload_start_streamed \{/);
    expect(streamed).toContain("proxy_pass http://harbor_upload_start;");
    expect(streamed).toContain("proxy_request_buffering off;");
    expect(streamed).toContain("proxy_read_timeout 900s;");
    expect(streamed).toContain("proxy_next_upstream off;");
    expect(streamed).toContain("keepalive_timeout 0;");
    const internal = text.split("\n    server {").find((b) => b.includes("upload-start-primary.sock;")) ?? "";
    const inner = block(internal, /^location @streamed \{/);
    expect(inner).toContain("proxy_request_buffering off;");
    expect(inner).toContain('"$1primary.$2$3";');
    expect(inner).toContain("keepalive_timeout 0;");
  });

  test("routes a marked upload session to its owner only, unbuffered, with the upload timeout", () => {
    const main = server(text, "registry.example.com");
    for (const site of ["primary", "backup"]) {
      const owner = block(main, new RegExp(`^location ~ .*/blobs/uploads/\\)${site}\\\\\\.`));
      expect(owner).toContain(`proxy_pass http://harbor_site_${site};`);
      expect(owner).toContain("rewrite ^ $upload_base$upload_session break;");
      expect(owner).toContain("proxy_request_buffering off;");
      expect(owner).toContain("proxy_read_timeout 900s;");
      expect(owner).toContain(`"$1${site}.$2$3";`);
      expect(owner).not.toContain("harbor_failover");
    }
  });

  test("marks the Location of sessions opened through each site's internal server", () => {
    const internal = text.split("\n    server {").find((b) => b.includes("upload-start-backup.sock;")) ?? "";
    expect(internal).toContain("proxy_pass http://harbor_site_backup;");
    expect(internal).toContain('proxy_redirect "~^(.*?/v2/.+/blobs/uploads/)([^/?]+)(.*)$" "$1backup.$2$3";');
    expect(internal).toContain("proxy_read_timeout 2s;");
  });

  test("pins each site hostname to its site with no failover", () => {
    for (const site of ["primary", "backup"]) {
      const pinned = server(text, `${site}.registry.example.com`);
      expect(pinned).toContain(`proxy_pass http://harbor_site_${site};`);
      expect(pinned).not.toMatch(new RegExp(`harbor_failover|harbor_upload_start|harbor_site_(?!${site};)`));
    }
  });

  test("renders no pinned server for a site without a hostname", () => {
    const unpinned = renderNginxConfig({ ...props, backup: { name: "backup" } });
    expect(unpinned).toContain("server_name primary.registry.example.com;");
    expect(unpinned.match(/server_name /g)).toHaveLength(2);
  });

  test("serves a health endpoint on HTTP and HTTPS and redirects other plain-HTTP requests", () => {
    expect(text.match(/location = \/healthz \{/g)?.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain("return 308 https://$host$request_uri;");
  });

  test("logs JSON naming the route, upstream group and upstream address of every request", () => {
    const format = /log_format gateway escape=json '(.*)';/.exec(text)?.[1] ?? "";
    const sample = format.replace(/\$[a-z_]+/g, "0");
    const fields = Object.keys(JSON.parse(sample) as Record<string, unknown>);
    expect(fields).toEqual(
      expect.arrayContaining([
        "route",
        "upstream",
        "upstream_addr",
        "upstream_status",
        "status",
        "request_time",
      ]),
    );
  });

  test("applies tunables where they belong", () => {
    const tuned = renderNginxConfig({
      ...props,
      pullReadTimeoutSec: 3,
      connectTimeoutSec: 1,
      apiReadTimeoutSec: 120,
      uploadTimeoutSec: 1800,
      failoverTimeoutSec: 20,
      maxFails: 3,
      failTimeoutSec: 8,
      upstreamKeepaliveConnections: 64,
      workerProcesses: 4,
      workerConnections: 8192,
      hstsMaxAgeSec: 0,
    });
    expect(tuned).toContain("max_fails=3 fail_timeout=8s;");
    expect(tuned).toContain("proxy_connect_timeout 1s;");
    expect(block(server(tuned, "registry.example.com"), /^location \/v2\/ \{/)).toContain(
      "proxy_read_timeout 3s;",
    );
    expect(block(server(tuned, "registry.example.com"), /^location \/ \{/)).toContain(
      "proxy_read_timeout 120s;",
    );
    expect(tuned).toContain("proxy_read_timeout 1800s;");
    expect(tuned).toContain("proxy_next_upstream_timeout 20s;");
    expect(tuned).toContain("keepalive 64;");
    expect(tuned).toContain("worker_processes 4;");
    expect(tuned).toContain("worker_connections 8192;");
    expect(tuned).not.toContain("Strict-Transport-Security");
  });

  test("is deterministic", () => {
    expect(renderNginxConfig(props)).toBe(text);
  });

  test("differs between the pod layout and another layout only in the layout's own values", () => {
    const lab: NginxRuntimeLayout = {
      httpsListen: "127.0.0.1:18443",
      httpListen: "127.0.0.1:18080",
      pidFile: "/lab/nginx.pid",
      tempDir: "/lab/temp",
      runDir: "/lab/run",
      accessLog: "/lab/access.log",
      errorLog: "/lab/error.log",
      tlsCertificateFile: "/lab/tls.crt",
      tlsCertificateKeyFile: "/lab/tls.key",
    };
    let translated = renderNginxConfig(props, lab);
    const pairs: [string, string][] = [
      [`listen ${lab.httpsListen}`, `listen ${POD_RUNTIME_LAYOUT.httpsListen}`],
      [`listen ${lab.httpListen}`, `listen ${POD_RUNTIME_LAYOUT.httpListen}`],
      [lab.pidFile, POD_RUNTIME_LAYOUT.pidFile],
      [lab.tempDir, POD_RUNTIME_LAYOUT.tempDir],
      [lab.runDir, POD_RUNTIME_LAYOUT.runDir],
      [lab.accessLog, POD_RUNTIME_LAYOUT.accessLog],
      [lab.errorLog, POD_RUNTIME_LAYOUT.errorLog],
      [lab.tlsCertificateFile, POD_RUNTIME_LAYOUT.tlsCertificateFile],
      [lab.tlsCertificateKeyFile, POD_RUNTIME_LAYOUT.tlsCertificateKeyFile],
    ];
    for (const [from, to] of pairs) translated = translated.split(from).join(to);
    expect(translated).toBe(text);
    expect(text).toContain("listen 8443 ssl default_server;");
    expect(text).toContain("listen 8080 default_server;");
  });
});

describe("resolveGatewaySettings", () => {
  test("documents its defaults", () => {
    expect(resolveGatewaySettings(props)).toMatchObject({
      connectTimeoutSec: 2,
      pullReadTimeoutSec: 2,
      apiReadTimeoutSec: 60,
      uploadTimeoutSec: 900,
      failoverTimeoutSec: 10,
      maxFails: 3,
      failTimeoutSec: 5,
      primary: { upstream: "harbor.harbor-primary.svc.cluster.local:80" },
    });
  });

  test("accepts IPv4 and bracketed IPv6 upstreams", () => {
    const s = resolveGatewaySettings({
      ...props,
      primary: { name: "a", upstream: "[fd00::1]:80" },
      backup: { name: "b", upstream: "192.168.1.2:80" },
    });
    expect(s.primary.upstream).toBe("[fd00::1]:80");
  });

  test("fails with every problem at once, each naming the field, the value and what is allowed", () => {
    const attempt = () =>
      renderNginxConfig({
        hostname: "Registry_Example",
        primary: { name: "Primary", upstream: "harbor:http" },
        backup: { name: "backup", upstream: "10.0.0.1" },
        pullReadTimeoutSec: 2.5,
        maxFails: 0,
        hstsMaxAgeSec: -1,
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ValidationError).problems.map((p) => p.path);
      expect(problems).toEqual(
        expect.arrayContaining([
          "hostname",
          "primary.name",
          "primary.upstream",
          "backup.upstream",
          "pullReadTimeoutSec",
          "maxFails",
          "hstsMaxAgeSec",
        ]),
      );
      expect((error as Error).message).toContain('primary.upstream: "harbor:http" is not valid: host:port');
      expect((error as Error).message).toContain(
        "maxFails: 0 is not valid: an integer from 1 to 100 (attempts)",
      );
    }
  });

  test("fails when both sites share an upstream or a name", () => {
    expect(() =>
      renderNginxConfig({
        ...props,
        primary: { name: "same", upstream: "h:80" },
        backup: { name: "same", upstream: "h:80" },
      }),
    ).toThrow(
      /backup\.name: "same" is not valid: a name different from primary\.name[\s\S]*backup\.upstream: "h:80"/,
    );
  });

  test("fails when a pinned hostname equals the main hostname", () => {
    expect(() =>
      renderNginxConfig({ ...props, backup: { name: "backup", hostname: "registry.example.com" } }),
    ).toThrow(/hostnames: .* is not valid: distinct hostnames/);
  });

  test("fails when the failover budget leaves no time for the backup after a timed-out primary", () => {
    expect(() => renderNginxConfig({ ...props, pullReadTimeoutSec: 8, failoverTimeoutSec: 10 })).toThrow(
      /failoverTimeoutSec: 10 is not valid: more than connectTimeoutSec \+ pullReadTimeoutSec \(10\)/,
    );
  });

  test("fails on a missing site", () => {
    expect(() =>
      renderNginxConfig({ hostname: "r.example.com", primary: { name: "p" } } as NginxGatewayConfigProps),
    ).toThrow(/backup: undefined is not valid: a site object/);
  });
});

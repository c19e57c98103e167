import { NginxRuntimeLayout } from "../../../constructs/gateway/render-nginx-config";

/** What only the machine decides (pid, logs, temp paths), the same for both baselines: opens `http {`. */
function preamble(layout: NginxRuntimeLayout): string {
  return `worker_processes 2;
pid ${layout.pidFile};
error_log ${layout.errorLog} warn;
events { worker_connections 4096; }
http {
    client_body_temp_path ${layout.tempDir}/client_body;
    proxy_temp_path ${layout.tempDir}/proxy;
    fastcgi_temp_path ${layout.tempDir}/fastcgi;
    uwsgi_temp_path ${layout.tempDir}/uwsgi;
    scgi_temp_path ${layout.tempDir}/scgi;
    access_log ${layout.accessLog};
`;
}

/**
 * The gateway from the field report, as the report wrote it: one upstream with a backup server,
 * `max_fails=5 fail_timeout=30s`, TLS with `ssl on`, SSLv2/SSLv3/TLSv1 and RC4 ciphers, a 2G body
 * limit, every request through one `location /`. The proxy headers are the usual Harbor-1.x ones.
 *
 * `modernOpenSslWorkaround` is the only adaptation modern OpenSSL forces: without `@SECLEVEL=0`
 * OpenSSL 3 refuses TLS 1.0 and no handshake succeeds at all. Listen address, pid and temp paths
 * come from the layout (environment, not behaviour).
 */
export function renderFieldReportConfig(
  upstreams: { readonly primary: string; readonly backup: string },
  layout: NginxRuntimeLayout,
  modernOpenSslWorkaround: boolean,
): string {
  const ciphers = `RC4:HIGH:!aNULL:!MD5${modernOpenSslWorkaround ? ":@SECLEVEL=0" : ""}`;
  return `${preamble(layout)}    upstream harbor {
        server ${upstreams.primary} max_fails=5 fail_timeout=30s;
        server ${upstreams.backup} backup;
    }
    server {
        listen ${layout.httpsListen};
        ssl on;
        ssl_certificate ${layout.tlsCertificateFile};
        ssl_certificate_key ${layout.tlsCertificateKeyFile};
        ssl_protocols SSLv2 SSLv3 TLSv1;
        ssl_ciphers ${ciphers};
        client_max_body_size 2G;
        location / {
            proxy_pass http://harbor;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffering off;
            proxy_request_buffering off;
        }
    }
}
`;
}

/**
 * The throughput baseline: the plainest TLS reverse proxy to one registry, nginx defaults for
 * everything else (HTTP/1.0 to the upstream, no keepalive, response buffering on).
 */
export function renderBareTlsProxyConfig(upstream: string, layout: NginxRuntimeLayout): string {
  return `${preamble(layout)}    server {
        listen ${layout.httpsListen} ssl;
        ssl_certificate ${layout.tlsCertificateFile};
        ssl_certificate_key ${layout.tlsCertificateKeyFile};
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 0;
        location / {
            proxy_pass http://${upstream};
            proxy_set_header Host $host;
        }
    }
}
`;
}

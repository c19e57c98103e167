import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NginxGatewayConfigProps } from "../../../constructs/gateway/gateway-settings";
import { renderNginxConfig } from "../../../constructs/gateway/render-nginx-config";
import { generateSelfSignedCert, TlsFiles } from "../support/certs";
import { renderStartScript } from "../../../constructs/gateway/render-start-script";
import { createNginxPrefix, GatewayStartOptions, NginxPrefix, startGatewayNginx } from "../support/nginx";
import { freePorts } from "../support/ports";
import { ProcessGroup } from "../support/processes";
import { REGISTRY_ID_HEADER } from "../support/registry";
import { layoutFor, ourGatewayProps, startScriptPathsFor } from "./lab";

/** What a scripted site does with one request. */
export interface Reaction {
  /** Wait this long (after reading the whole body) before answering. */
  readonly delayMs?: number;
  /** Status of the answer. @default 200 for GET/HEAD, 201 for PUT, 202 for POST/DELETE/PATCH */
  readonly status?: number;
  /** Extra response headers. */
  readonly headers?: Record<string, string>;
  /** Close the connection after reading the request instead of answering: a crash mid-request. */
  readonly drop?: boolean;
}

/** One request a scripted site received (recorded when its headers arrive). */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headersAtMs: number;
  /** Filled in once the body has been read. */
  bodyBytes?: number;
  bodyEndAtMs?: number;
}

/**
 * A stand-in for one Harbor site: a loopback HTTP server that counts every request it receives and
 * answers as its script says (slowly, with a given status, or not at all). Fault timing that a real
 * registry cannot produce on demand (a slow manifest PUT, a connection dropped after the request
 * arrived) is what the retry tests need. It runs inside the test process, closed in `afterEach`.
 */
export class ScriptedSite {
  readonly requests: ReceivedRequest[] = [];

  private constructor(
    readonly name: string,
    private readonly server: http.Server,
  ) {}

  static async start(name: string, script: (request: ReceivedRequest) => Reaction): Promise<ScriptedSite> {
    const server = http.createServer({ keepAlive: true });
    const site = new ScriptedSite(name, server);
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const received: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headersAtMs: Date.now(),
      };
      site.requests.push(received);
      let bytes = 0;
      req.on("data", (chunk: Buffer) => (bytes += chunk.length));
      req.on("end", () => {
        received.bodyBytes = bytes;
        received.bodyEndAtMs = Date.now();
        const reaction = script(received);
        if (reaction.drop) {
          req.socket.destroy();
          return;
        }
        const defaultStatus = { GET: 200, HEAD: 200, PUT: 201 }[received.method] ?? 202;
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(reaction.status ?? defaultStatus, {
            [REGISTRY_ID_HEADER]: name,
            "content-type": "application/json",
            ...reaction.headers,
          });
          res.end(received.method === "HEAD" ? undefined : `{"site":"${name}"}`);
        }, reaction.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return site;
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  count(method: string, path?: RegExp): number {
    return this.requests.filter((r) => r.method === method && (!path || path.test(r.url))).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One of our gateways (real nginx, the rendered config) in front of two given upstream addresses. */
export interface ScriptedGateway {
  readonly baseUrl: string;
  readonly agent: https.Agent;
  readonly prefix: NginxPrefix;
  readonly config: string;
  /** nginx's error log so far (it warns when it buffers a request body to a temporary file). */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx with our config for `primary`/`backup` (any `host:port`, e.g. a port nothing listens
 * on), after `edit` (identity by default: controls use it to render a variant), through the start
 * script as in the pod (re-checking missing names every second).
 */
export async function startScriptedGateway(
  primary: string,
  backup: string,
  props: Partial<NginxGatewayConfigProps> = {},
  edit: (config: string) => string = (config) => config,
  start: GatewayStartOptions = {},
): Promise<ScriptedGateway> {
  const root = mkdtempSync(join(tmpdir(), "gateway-scripted-"));
  const group = new ProcessGroup();
  try {
    const tls: TlsFiles = generateSelfSignedCert(root, { ipAddresses: ["127.0.0.1"] });
    const [port, httpPort] = await freePorts(2);
    const prefix = createNginxPrefix(root, "nginx");
    const layout = layoutFor(prefix, port, httpPort, tls);
    const gatewayProps = ourGatewayProps(primary, backup, props);
    const config = edit(renderNginxConfig(gatewayProps, layout));
    const script = renderStartScript(gatewayProps, layout, startScriptPathsFor(prefix), 1);
    await startGatewayNginx(group, prefix, config, script, port, "nginx-scripted", start);
    const agent = new https.Agent({ keepAlive: true, ca: readFileSync(tls.certFile) });
    return {
      baseUrl: `https://127.0.0.1:${port}`,
      agent,
      prefix,
      config,
      errorLog: () => readFileSync(prefix.errorLogFile, "utf8"),
      stop: async () => {
        agent.destroy();
        await group.stopAll();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await group.stopAll();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

export interface SlowUpload {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** When the client handed over its last byte. */
  readonly clientDoneAtMs: number;
}

/**
 * Sends `totalBytes` in `chunks` spread over `spreadMs`, a client on a slow link: a proxy that
 * buffers request bodies contacts the site only once it has all of it.
 */
export function sendSlowBody(
  gateway: ScriptedGateway,
  method: string,
  path: string,
  options: { readonly totalBytes: number; readonly chunks: number; readonly spreadMs: number },
): Promise<SlowUpload> {
  const chunk = Buffer.alloc(Math.ceil(options.totalBytes / options.chunks), 7);
  return new Promise<SlowUpload>((resolve, reject) => {
    let clientDoneAtMs = 0;
    const request = https.request(`${gateway.baseUrl}${path}`, {
      method,
      agent: gateway.agent,
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(chunk.length * options.chunks),
      },
    });
    const deadline = setTimeout(() => request.destroy(new Error("no answer within 30 s")), 30000);
    const finish = (error?: Error, response?: http.IncomingMessage) => {
      clearTimeout(deadline);
      if (error || !response) reject(error ?? new Error("no response"));
      else
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          clientDoneAtMs,
        });
    };
    request.once("error", (error) => finish(error));
    request.once("response", (response) => {
      response.resume();
      response.once("end", () => finish(undefined, response));
    });
    let sent = 0;
    const pause = options.spreadMs / options.chunks;
    const next = () => {
      if (request.destroyed) return;
      sent += 1;
      if (sent === options.chunks) {
        request.end(chunk, () => (clientDoneAtMs = Date.now()));
        return;
      }
      request.write(chunk, () => setTimeout(next, pause));
    };
    next();
  });
}

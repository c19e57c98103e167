import * as http from "node:http";
import * as https from "node:https";

export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Whole-request deadline; the request is destroyed after it. */
  readonly timeoutMs?: number;
  /** Keepalive agent to reuse connections (http.Agent or https.Agent matching the URL). */
  readonly agent?: http.Agent;
  /** Discard the body (only count its bytes): for large downloads. */
  readonly discardBody?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly bodyBytes: number;
}

/**
 * One HTTP(S) request. Resolves with any status; rejects on network errors and on the deadline,
 * so a caller can tell "the server said no" from "the server never answered".
 */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const transport = target.protocol === "https:" ? https : http;
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (body !== undefined) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      { method: options.method ?? "GET", headers, agent: options.agent },
      (response) => {
        const chunks: Buffer[] = [];
        let bodyBytes = 0;
        response.on("data", (chunk: Buffer) => {
          bodyBytes += chunk.length;
          if (!options.discardBody) chunks.push(chunk);
        });
        response.once("end", () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            bodyBytes,
          });
        });
        response.once("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no complete answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 30000);
    request.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

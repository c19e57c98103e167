import { httpRequest, HttpResponse } from "../support/http";
import { REGISTRY_ID_HEADER } from "../support/registry";
import {
  Reaction,
  ReceivedRequest,
  ScriptedGateway,
  ScriptedSite,
  startScriptedGateway,
} from "./scripted-sites";

export type RetryLab = ReturnType<typeof openRetryLab>;

/**
 * Real nginx running our config in front of two scripted sites that count every request, one
 * fresh gateway per test: the primary's failure count is state that must not leak from one test
 * into the next. {@link retryLabTest} opens one per test and stops everything it started.
 */
function openRetryLab() {
  let primary: ScriptedSite | undefined;
  let backup: ScriptedSite | undefined;
  let gateway: ScriptedGateway | undefined;

  return {
    async sites(
      primaryScript: (r: ReceivedRequest) => Reaction,
      backupScript: (r: ReceivedRequest) => Reaction = answering,
    ) {
      primary = await ScriptedSite.start("primary", primaryScript);
      backup = await ScriptedSite.start("backup", backupScript);
      return { primary, backup };
    },
    /** Only a backup site: the primary's address is a port nothing listens on. */
    async backupSite(script: (r: ReceivedRequest) => Reaction = answering) {
      backup = await ScriptedSite.start("backup", script);
      return backup;
    },
    async startGateway(...args: Parameters<typeof startScriptedGateway>): Promise<ScriptedGateway> {
      gateway = await startScriptedGateway(...args);
      return gateway;
    },
    async request(method: string, path: string, body?: Buffer | string): Promise<HttpResponse> {
      const running = gateway as ScriptedGateway;
      try {
        return await httpRequest(`${running.baseUrl}${path}`, {
          agent: running.agent,
          method,
          body,
          timeoutMs: 20000,
        });
      } catch (error) {
        // A failed request is the gateway's story to tell: its error log says what happened.
        throw new Error(`${method} ${path}: ${String(error)}\nnginx error log:\n${running.errorLog()}`);
      }
    },
    async close(): Promise<void> {
      await gateway?.stop();
      await primary?.close();
      await backup?.close();
    },
  };
}

/**
 * A test with its own lab. These tests spend their time waiting on nginx's timeouts, not on the
 * CPU, and share nothing: they run concurrently (each on its own ports, processes and files).
 */
export function retryLabTest(name: string, run: (lab: RetryLab) => Promise<void>): void {
  test.concurrent(name, async () => {
    const lab = openRetryLab();
    try {
      await run(lab);
    } finally {
      await lab.close();
    }
  });
}

export const answering = (): Reaction => ({});
export const UPLOAD_LOCATION = { location: "/v2/lab/app/blobs/uploads/3f0c1e2a-session" };
export const servedBy = (response: HttpResponse) => response.headers[REGISTRY_ID_HEADER];
export const MANIFEST = "/v2/lab/app/manifests/v1";
export const manifestBody = Buffer.from(JSON.stringify({ schemaVersion: 2, layers: [] }));

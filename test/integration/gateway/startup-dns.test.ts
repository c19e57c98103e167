import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UNRESOLVED_UPSTREAM_MESSAGE } from "../../../constructs/gateway/render-start-script";
import { httpRequest } from "../support/http";
import { waitFor } from "../support/processes";
import { REGISTRY_ID_HEADER } from "../support/registry";
import { ScriptedGateway, ScriptedSite, startScriptedGateway } from "./scripted-sites";

jest.setTimeout(60000);

/** A name under `.invalid`, which never resolves unless a hosts file says so. */
const PRIMARY_NAME = "primary-site.gateway-test.invalid";

/**
 * A gateway pod restarting while one site's Service is gone must still start and serve from the
 * other site, then pick the site up once its name resolves again. The script and nginx run in a
 * private mount namespace whose /etc/hosts the test edits (the machine's own is never touched).
 */
describe("gateway start while a site's name does not resolve (start script, real nginx)", () => {
  let root: string;
  let hostsFile: string;
  let primary: ScriptedSite;
  let backup: ScriptedSite;
  let gw: ScriptedGateway | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "gateway-dns-"));
    hostsFile = join(root, "hosts");
    writeFileSync(hostsFile, "127.0.0.1 localhost\n");
    primary = await ScriptedSite.start("primary", () => ({}));
    backup = await ScriptedSite.start("backup", () => ({}));
  });

  afterAll(async () => {
    await gw?.stop();
    await primary?.close();
    await backup?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const servedBy = async (path = "/v2/lab/app/manifests/v1") => {
    const gateway = gw as ScriptedGateway;
    const response = await httpRequest(`${gateway.baseUrl}${path}`, {
      agent: gateway.agent,
      timeoutMs: 5000,
    });
    return { status: response.status, site: response.headers[REGISTRY_ID_HEADER] };
  };

  test("can isolate /etc/hosts for the gateway (unshare --mount works here)", () => {
    const seen = execFileSync("unshare", [
      "--mount",
      "--",
      "sh",
      "-c",
      `mount --bind ${hostsFile} /etc/hosts && cat /etc/hosts`,
    ]);
    expect(seen.toString()).toBe("127.0.0.1 localhost\n");
  });

  test("starts with the primary's name unresolvable, serves from the backup, and returns to the primary once it resolves", async () => {
    const primaryPort = primary.address.split(":")[1];
    gw = await startScriptedGateway(`${PRIMARY_NAME}:${primaryPort}`, backup.address, {}, undefined, {
      wrap: (script, args) => ({
        command: "unshare",
        args: [
          "--mount",
          "--",
          "sh",
          "-c",
          `mount --bind "$0" /etc/hosts && exec sh "$@"`,
          hostsFile,
          script,
          ...args,
        ],
      }),
    });
    expect(gw.errorLog()).toContain(`upstream ${PRIMARY_NAME}:${primaryPort} ${UNRESOLVED_UPSTREAM_MESSAGE}`);
    expect(await servedBy()).toEqual({ status: 200, site: "backup" });
    expect(primary.requests).toHaveLength(0);

    // The Service is back: its name resolves (edited in place, so the bind mount sees it).
    writeFileSync(hostsFile, `127.0.0.1 localhost\n127.0.0.1 ${PRIMARY_NAME}\n`);
    await waitFor(
      "the gateway to serve from the primary",
      async () => (await servedBy()).site === "primary",
      15000,
      250,
    );
    expect(gw.errorLog()).toContain("reloaded nginx; upstreams still not resolving: none");
  });

  test("fails to start on any other configuration error, with nginx's own message", async () => {
    await expect(
      startScriptedGateway(primary.address, backup.address, {}, (config) =>
        config.replace("proxy_next_upstream_tries 2;", "proxy_next_upstream_tries two;"),
      ),
    ).rejects.toThrow(/exited: .*\[emerg\].*"proxy_next_upstream_tries" directive invalid number/s);
  });
});

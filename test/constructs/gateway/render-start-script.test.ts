import { execFileSync } from "node:child_process";
import { NginxGatewayConfigProps } from "../../../constructs/gateway/gateway-settings";
import { POD_RUNTIME_LAYOUT } from "../../../constructs/gateway/render-nginx-config";
import {
  renderStartScript,
  UNRESOLVED_UPSTREAM_MESSAGE,
} from "../../../constructs/gateway/render-start-script";

const props: NginxGatewayConfigProps = {
  hostname: "registry.example.com",
  primary: { name: "primary", namespace: "harbor-primary" },
  backup: { name: "backup", upstream: "10.0.9.2:80" },
};

describe("renderStartScript", () => {
  const script = renderStartScript(props);

  test("checks exactly the sites' upstreams and runs nginx from a copy in the pod's run dir", () => {
    expect(script).toContain("UPSTREAMS='harbor.harbor-primary.svc.cluster.local:80 10.0.9.2:80'");
    expect(script).toContain("TEMPLATE='/etc/nginx/gateway/nginx.conf'");
    expect(script).toContain(`RUNNING='${POD_RUNTIME_LAYOUT.runDir}/nginx.conf'`);
    expect(script).toContain(`UNRESOLVED='unix:${POD_RUNTIME_LAYOUT.runDir}/unresolved-upstream.sock'`);
    expect(script).toContain('exec nginx -c "$RUNNING" "$@"');
    expect(script).toContain(UNRESOLVED_UPSTREAM_MESSAGE);
  });

  test("is a POSIX shell script that parses", () => {
    expect(() => execFileSync("sh", ["-n"], { input: script })).not.toThrow();
  });

  test("is deterministic", () => {
    expect(renderStartScript(props)).toBe(script);
  });

  test("fails on the same bad props as the nginx config", () => {
    expect(() => renderStartScript({ ...props, primary: { name: "Primary" } })).toThrow(/primary\.name/);
  });
});

import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { pinAddress, pinnedById } from "../../../constructs/guardrails/stable-address";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(build: (stack: TerraformStack) => void): Json {
  return JSON.parse(Testing.synthScope((scope) => build(scope as TerraformStack))) as Json;
}

const configMap = (scope: Construct, id: string) => new ConfigMapV1(scope, id, { metadata: { name: id } });

describe("pinAddress", () => {
  test("addresses the resource by the given id, wherever it sits in the construct tree", () => {
    const json = synth((stack) =>
      pinAddress(configMap(new Construct(stack, "team"), "settings"), "settings_a"),
    );
    expect(Object.keys(json.resource.kubernetes_config_map_v1)).toEqual(["settings_a"]);
    expect(json.moved).toBeUndefined();
  });

  test("with movedFromPathAddress, moves the resource from where cdktf's construct path put it", () => {
    const json = synth((stack) =>
      pinAddress(configMap(new Construct(stack, "team"), "settings"), "settings_a", {
        movedFromPathAddress: true,
      }),
    );
    expect(json.moved).toEqual([
      {
        from: expect.stringMatching(/^kubernetes_config_map_v1\.team_settings_[0-9A-F]{8}$/),
        to: "kubernetes_config_map_v1.settings_a",
      },
    ]);
  });

  test("writes no moved block when the path address already is the pinned one", () => {
    const json = synth((stack) =>
      pinAddress(configMap(stack, "settings"), "settings", { movedFromPathAddress: true }),
    );
    expect(json.moved).toBeUndefined();
  });

  test("refuses an id that is not a Terraform name, and one taken in the stack, naming both", () => {
    expect(() => synth((stack) => pinAddress(configMap(stack, "a"), "1-bad"))).toThrow(
      /"1-bad"[\s\S]*a Terraform name: a letter or '_' first/,
    );
    expect(() =>
      synth((stack) => {
        pinAddress(configMap(stack, "a"), "same");
        pinAddress(configMap(stack, "b"), "same");
      }),
    ).toThrow(/duplicate stable address[\s\S]*"same"[\s\S]*an address not already taken by .*\/a/);
  });
});

describe("pinnedById", () => {
  test("pins each resource to <prefix>_<construct id> and returns it", () => {
    const json = synth((stack) => {
      const pin = pinnedById("alerting_hz-h");
      const scope = new Construct(stack, "site-alerting");
      expect(pin(configMap(scope, "rule-file"))).toBeInstanceOf(ConfigMapV1);
      pin(configMap(scope, "blackbox-config"));
    });
    expect(Object.keys(json.resource.kubernetes_config_map_v1).sort()).toEqual([
      "alerting_hz-h_blackbox-config",
      "alerting_hz-h_rule-file",
    ]);
    expect((json.moved as Json[]).map((block) => block.to).sort()).toEqual([
      "kubernetes_config_map_v1.alerting_hz-h_blackbox-config",
      "kubernetes_config_map_v1.alerting_hz-h_rule-file",
    ]);
  });
});

/**
 * Each provider of the example with one plain resource, as the synth benchmark's floor and shape
 * apps declare them: the provider block, and a resource with the fewest arguments it takes.
 */
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { AlicloudProvider } from "../../constructs/providers/alicloud/provider";
import { EcsDisk } from "../../constructs/providers/alicloud/ecs-disk";
import { HarborProvider } from "../../constructs/providers/harbor/provider";
import { HarborProject } from "../../constructs/providers/harbor/project";
import type { ProviderName } from "./example-shape";

export const PLAIN: Record<
  ProviderName,
  { provider: (scope: Construct) => void; resource: (scope: Construct, id: string) => void }
> = {
  alicloud: {
    provider: (scope) => new AlicloudProvider(scope, "alicloud", { region: "cn-hangzhou" }),
    resource: (scope, id) =>
      new EcsDisk(scope, id, { zoneId: "cn-hangzhou-h", size: 20, category: "cloud_essd" }),
  },
  harbor: {
    provider: (scope) =>
      new HarborProvider(scope, "harbor", {
        url: "https://harbor.example.com",
        username: "admin",
        password: new TerraformVariable(scope, "harbor_password", { type: "string", sensitive: true })
          .stringValue,
      }),
    resource: (scope, id) => new HarborProject(scope, id, { name: id }),
  },
  helm: {
    provider: (scope) => new HelmProvider(scope, "helm", { kubernetes: { configPath: "~/.kube/config" } }),
    resource: (scope, id) =>
      new Release(scope, id, { name: id, chart: "harbor", repository: "https://helm.goharbor.io" }),
  },
  kubernetes: {
    provider: (scope) => new KubernetesProvider(scope, "kubernetes", { configPath: "~/.kube/config" }),
    resource: (scope, id) => new NamespaceV1(scope, id, { metadata: { name: id } }),
  },
  random: {
    provider: (scope) => new RandomProvider(scope, "random"),
    resource: (scope, id) => new Password(scope, id, { length: 16 }),
  },
  tls: {
    provider: (scope) => new TlsProvider(scope, "tls"),
    resource: (scope, id) => new PrivateKey(scope, id, { algorithm: "RSA" }),
  },
};

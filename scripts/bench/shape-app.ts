/**
 * A control for the synth benchmark: the example's shape without its content. The same eight
 * stacks with the same provider blocks, as many resources per provider, data sources, outputs
 * and variables as the example synthesizes (counted from its cdk.tf.json), each resource the
 * floor's plain one for its provider. What it costs beyond the floor is what cdktf charges for
 * that many elements; what the example costs beyond it is the cost of our constructs' content.
 */
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import {
  App,
  DataTerraformRemoteStateLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import { Construct } from "constructs";
import { AlicloudProvider } from "../../constructs/providers/alicloud/provider";
import { EcsDisk } from "../../constructs/providers/alicloud/ecs-disk";
import { HarborProvider } from "../../constructs/providers/harbor/provider";
import { HarborProject } from "../../constructs/providers/harbor/project";
import { EXAMPLE_SHAPE, ProviderName } from "./example-shape";

const PLAIN: Record<
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

const app = new App();
for (const [name, shape] of Object.entries(EXAMPLE_SHAPE)) {
  const stack = new TerraformStack(app, `shape-${name}`);
  for (const [provider, count] of Object.entries(shape.resources) as [ProviderName, number][]) {
    PLAIN[provider].provider(stack);
    for (let i = 0; i < count; i++) PLAIN[provider].resource(stack, `${provider}-${i}`);
  }
  for (let i = 0; i < shape.remoteStates; i++)
    new DataTerraformRemoteStateLocal(stack, `remote-${i}`, { path: `../terraform.other-${i}.tfstate` });
  // The example's other data sources (kubernetes_resources, kubernetes_namespace_v1) as plain remote states.
  for (let i = 0; i < shape.otherData; i++)
    new DataTerraformRemoteStateLocal(stack, `data-${i}`, { path: `../terraform.data-${i}.tfstate` });
  for (let i = 0; i < shape.outputs; i++) new TerraformOutput(stack, `output-${i}`, { value: `value-${i}` });
  for (let i = 0; i < shape.variables; i++) new TerraformVariable(stack, `variable_${i}`, { type: "string" });
}
app.synth();

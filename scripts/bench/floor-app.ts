/**
 * The synth floor: one stack that declares the same providers as the example app, each with one
 * resource, and nothing else. What the example costs beyond this is the cost of our own code.
 */
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { AlicloudProvider } from "../../constructs/providers/alicloud/provider";
import { EcsDisk } from "../../constructs/providers/alicloud/ecs-disk";
import { HarborProvider } from "../../constructs/providers/harbor/provider";
import { HarborProject } from "../../constructs/providers/harbor/project";

const app = new App();
const stack = new TerraformStack(app, "floor");
new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
new NamespaceV1(stack, "namespace", { metadata: { name: "floor" } });
new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
new Release(stack, "release", { name: "floor", chart: "harbor", repository: "https://helm.goharbor.io" });
new TlsProvider(stack, "tls");
new PrivateKey(stack, "key", { algorithm: "RSA" });
new RandomProvider(stack, "random");
new Password(stack, "password", { length: 16 });
new AlicloudProvider(stack, "alicloud", { region: "cn-hangzhou" });
new EcsDisk(stack, "disk", { zoneId: "cn-hangzhou-h", size: 20, category: "cloud_essd" });
const password = new TerraformVariable(stack, "harbor_password", { type: "string", sensitive: true });
new HarborProvider(stack, "harbor", {
  url: "https://harbor.example.com",
  username: "admin",
  password: password.stringValue,
});
new HarborProject(stack, "project", { name: "floor" });
app.synth();

/**
 * The synth floor: one stack that declares the same providers as the example app, each with one
 * resource, and nothing else. What the example costs beyond this is the cost of our own code.
 */
import { App, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";

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
app.synth();

import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesConnection } from "../config/platform-config";

/**
 * The kubernetes (and optionally helm) providers of a stack, both reading the same kubeconfig so
 * the Harbor release and the resources around it always land in the same cluster. Credentials
 * stay in the kubeconfig file; only its path and context are written to `cdk.tf.json`.
 */
export function kubernetesProviders(
  scope: Construct,
  connection: KubernetesConnection,
  options: { helm: boolean },
): { kubernetes: KubernetesProvider; helm?: HelmProvider } {
  const kubernetes = new KubernetesProvider(scope, "kubernetes", {
    configPath: connection.kubeconfigPath,
    configContext: connection.kubeContext,
  });
  const helm = options.helm
    ? new HelmProvider(scope, "helm", {
        kubernetes: { configPath: connection.kubeconfigPath, configContext: connection.kubeContext },
      })
    : undefined;
  return { kubernetes, helm };
}

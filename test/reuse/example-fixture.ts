/**
 * What the `@example` snippets in the public TSDoc may take for granted, the way aws-cdk compiles
 * its examples against jsii-rosetta fixtures: a stack, a Harbor provider per site, the shared token
 * key, a few generated secrets and variables. public-api.test.ts type-checks every snippet with
 * these names and every name of the snippet's entry point (the public index, or the `alicloud` /
 * `harbor` bindings) in scope. Declarations only: nothing here runs.
 */
import { Fn, TerraformStack, TerraformVariable } from "cdktf";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { HarborSite, RetainedDisk } from "../../constructs";
import type { EcsAutoSnapshotPolicy, EcsDisk, OssBucket } from "../../constructs/providers/alicloud";
import type {
  HarborProject,
  HarborProvider,
  HarborRegistry,
  HarborRobotAccount,
} from "../../constructs/providers/harbor";

export { Fn, NamespaceV1, Password, RandomProvider, TerraformStack, TerraformVariable };

/** The stack an example adds to. */
export declare const stack: TerraformStack;
/** Stacks of a deployment with one stack per site and phase (see stacks/). */
export declare const sharedStack: TerraformStack;
export declare const primaryConfigStack: TerraformStack;
export declare const primaryReplicationStack: TerraformStack;

/** The shared stack's token signing key (both sites sign registry tokens with it). */
export declare const shared: { readonly tokenSigningKeyPem: string; readonly tokenCertificatePem: string };

/** The Harbor provider of each site, by role and by the names the L1 examples use. */
export declare const primaryHarbor: HarborProvider;
export declare const backupHarbor: HarborProvider;
export declare const primary: HarborProvider;
export declare const backup: HarborProvider;

/** Generated secrets and sensitive variables. */
export declare const replicatorPassword: Password;
export declare const ciPusherPassword: Password;
export declare const replicatorSecret: Password;
export declare const replicatorSecretFromSharedStack: string;
export declare const webhookUrl: TerraformVariable;
export declare const ossAccessKeyId: TerraformVariable;
export declare const ossAccessKeySecret: TerraformVariable;
export declare const dingtalkUrl: TerraformVariable;
export declare const dingtalkSecret: TerraformVariable;
export declare const roleArn: TerraformVariable;
export declare const oidc: TerraformVariable;

/** A Harbor site in the stack, for examples of what goes next to it. */
export declare const harborSite: HarborSite;

/** A retained disk of the site, for the backup example. */
export declare const registryDisk: RetainedDisk;

/** L1 resources the binding examples build on. */
export declare const library: HarborProject;
export declare const peer: HarborRegistry;
export declare const backupRobot: HarborRobotAccount;
export declare const bucket: OssBucket;
export declare const disk: EcsDisk;
export declare const policy: EcsAutoSnapshotPolicy;

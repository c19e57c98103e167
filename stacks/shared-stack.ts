import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { StateBackendConfig } from "../config/platform-config";
import { RobotSecrets } from "../constructs/policy/robot-secrets";
import { configureStateBackend } from "./backend";

export interface SharedStackProps {
  readonly deploymentName: string;
  readonly region: string;
  readonly stateBackend?: StateBackendConfig;
  /**
   * Robot accounts that must exist with the same secret on both sites (the replicator and the CI
   * robots): one generated secret each.
   * @default []
   */
  readonly robotNames?: readonly string[];
}

/**
 * What both sites must share: the key that signs registry tokens. Harbor core verifies a bearer
 * token with the public half of its own signing key, so a token issued by one site is accepted by
 * the other after a failover only if both sites sign with the same key
 * (reference/notes-harbor-auth.md §1). Generated once by Terraform, kept in state, never in
 * `cdk.tf.json`; the platform stacks read it through cross-stack (remote state) references.
 */
export class SharedStack extends TerraformStack {
  /** PEM private key both Harbor releases sign tokens with (sensitive). */
  readonly tokenSigningKeyPem: string;
  /** Self-signed certificate of that key; the chart requires it beside the key although Harbor 2.x core never reads it. */
  readonly tokenCertificatePem: string;
  /** One generated secret per robot account, read by both sites' configuration stacks. */
  readonly robotSecrets: RobotSecrets;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
    new TlsProvider(this, "tls");

    const key = new PrivateKey(this, "token-signing-key", {
      algorithm: "RSA",
      rsaBits: 4096,
      // Rotating this key invalidates every token in flight on both sites at once.
      lifecycle: { preventDestroy: true },
    });
    const certificate = new SelfSignedCert(this, "token-certificate", {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: `${props.deploymentName}-harbor-token-ca` }],
      // Ten years: Harbor does not read the certificate, so its expiry must never force a re-creation.
      validityPeriodHours: 87600,
      allowedUses: ["digital_signature", "cert_signing"],
      isCaCertificate: true,
      lifecycle: { ignoreChanges: ["subject", "validity_period_hours"] },
    });
    this.tokenSigningKeyPem = key.privateKeyPem;
    this.tokenCertificatePem = certificate.certPem;

    // Robot secrets live here, not in a site's stack, so that neither site owns the other's logins.
    new RandomProvider(this, "random");
    this.robotSecrets = new RobotSecrets(this, "robot-secrets", { robotNames: props.robotNames ?? [] });
  }
}

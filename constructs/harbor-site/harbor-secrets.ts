import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password, PasswordConfig } from "@cdktf/provider-random/lib/password";
import { pinAddress } from "../guardrails/stable-address";
import { ProblemList } from "../lib/validation";
import { checkSecretIsExpression, requireSensitiveVariables } from "../providers/typed-resource";
import { HARBOR_SECRET_NAMES, REGISTRY_CREDENTIALS_USERNAME, SECRET_KEYS } from "./harbor-chart";
import { HarborSecretRefs } from "./render-harbor-values";

/** Props of {@link HarborSecrets}. */
export interface HarborSecretsProps {
  /** Site name: part of the Terraform addresses. */
  readonly siteName: string;
  /** Namespace of the secrets (a reference to the namespace resource orders them after it). */
  readonly namespace: string;
  /** PEM private key Harbor signs registry tokens with, shared by both sites (a Terraform reference). */
  readonly tokenSigningKeyPem: string;
  /** PEM certificate of that key (a Terraform reference). */
  readonly tokenCertificatePem: string;
  /**
   * Existing secret in the namespace holding the admin password under `HARBOR_ADMIN_PASSWORD`:
   * the source of truth, read back for {@link HarborSecrets.adminPassword}. Keep it current when
   * the password changes.
   * @default - a generated password in the secret `harbor-admin-password`
   */
  readonly adminPasswordSecretName?: string;
  /**
   * The admin password Harbor has now, once it was changed after the first start: a Terraform
   * expression (a sensitive variable), never a literal. Empty means the generated password. Not
   * with `adminPasswordSecretName`.
   * @default - the generated initial password
   */
  readonly currentAdminPassword?: string;
  /**
   * The OSS AccessKey secret of the registry's image storage (a Terraform expression), stored in
   * the Secret `harbor-oss-access-key` under `REGISTRY_STORAGE_OSS_ACCESSKEYSECRET`.
   * @default - no such Secret (disk storage, or an existing secret)
   */
  readonly ossAccessKeySecret?: string;
}

/**
 * Every credential a Harbor release needs, generated once by Terraform and kept in its state, in
 * Kubernetes secrets the chart reads through its `existingSecret*` values. Nothing secret is
 * written into `cdk.tf.json` (only references to `random_password` results and to the shared
 * token key), and nothing is left for the chart to generate: its defaults (`randAlphaNum`, `genCA`,
 * the `htpasswd` function with a random salt) would change on renders where `lookup` sees nothing,
 * restarting pods and invalidating tokens.
 *
 * The registry's htpasswd line uses the `bcrypt_hash` attribute of `random_password`, computed
 * once when the password is created and stored in state. Terraform's `bcrypt()` function would
 * salt anew on every plan and show a change each time.
 *
 * {@link HarborSite} creates one; use it alone only to run your own Harbor release with
 * {@link renderHarborValues}. The stack needs a `random` provider.
 *
 * @example
 * const secrets = new HarborSecrets(stack, "harbor-secrets", {
 *   siteName: "hz-h",
 *   namespace: "harbor-hz-h",
 *   tokenSigningKeyPem: shared.tokenSigningKeyPem,
 *   tokenCertificatePem: shared.tokenCertificatePem,
 * });
 * secrets.refs; // the secret names for renderHarborValues({ ..., secrets: secrets.refs })
 */
export class HarborSecrets extends Construct {
  /** Names the chart values point at. */
  readonly refs: HarborSecretRefs;
  /**
   * The admin password as the admin secret holds it (sensitive reference): the current one, the
   * same value everything reading that secret (the backup job) gets.
   */
  readonly adminPassword: string;
  /** Superuser password of the internal PostgreSQL (sensitive reference), for the release's set_sensitive. */
  readonly databasePassword: string;
  /** The Kubernetes secrets created, for dependencies. */
  readonly secrets: readonly SecretV1[];

  constructor(scope: Construct, id: string, props: HarborSecretsProps) {
    super(scope, id);
    const problems = new ProblemList();
    checkSecretIsExpression(problems, `${this.node.path}: currentAdminPassword`, props.currentAdminPassword);
    checkSecretIsExpression(problems, `${this.node.path}: ossAccessKeySecret`, props.ossAccessKeySecret);
    if (props.currentAdminPassword !== undefined && props.adminPasswordSecretName !== undefined) {
      problems.add(
        `${this.node.path}: currentAdminPassword`,
        "(given with adminPasswordSecretName)",
        "either currentAdminPassword or adminPasswordSecretName: the existing secret is the source of truth, update it instead",
      );
    }
    problems.throwIfAny(`invalid HarborSecrets ${this.node.path}`);
    requireSensitiveVariables(this, `${this.node.path}: currentAdminPassword`, props.currentAdminPassword);
    requireSensitiveVariables(this, `${this.node.path}: ossAccessKeySecret`, props.ossAccessKeySecret);
    const site = props.siteName;
    const generatedScope = new Construct(this, "generated");
    const password = (
      purpose: string,
      config: Omit<PasswordConfig, "lifecycle">,
      keep: boolean,
    ): Password => {
      const generated = new Password(generatedScope, purpose, {
        ...config,
        // Bound to data already written with it: a new value would lock Harbor out of it.
        lifecycle: keep ? { preventDestroy: true } : undefined,
      });
      pinAddress(generated, `password_${site}_${purpose}`);
      return generated;
    };
    const alphanumeric = (length: number): Omit<PasswordConfig, "lifecycle"> => ({ length, special: false });

    // secretKey encrypts the credentials Harbor stores (replication endpoints): it must never change.
    const secretKey = password("secret-key", alphanumeric(16), true);
    const coreSecret = password("core-secret", alphanumeric(16), false);
    const jobserviceSecret = password("jobservice-secret", alphanumeric(16), false);
    const registryHttpSecret = password("registry-http-secret", alphanumeric(16), false);
    // Harbor rejects an XSRF key that is not exactly 32 characters (goharbor/harbor#21154).
    const xsrfKey = password("xsrf-key", alphanumeric(32), false);
    const registryPassword = password("registry-password", alphanumeric(32), false);
    // Set when PostgreSQL initializes its data directory, then only checked.
    const databasePassword = password("database-password", alphanumeric(32), true);
    this.databasePassword = databasePassword.result;

    const internal = new SecretV1(this, "internal", {
      metadata: { name: HARBOR_SECRET_NAMES.internal, namespace: props.namespace },
      type: "Opaque",
      data: {
        [SECRET_KEYS.secretKey]: secretKey.result,
        [SECRET_KEYS.coreSecret]: coreSecret.result,
        [SECRET_KEYS.xsrfKey]: xsrfKey.result,
        [SECRET_KEYS.jobserviceSecret]: jobserviceSecret.result,
        [SECRET_KEYS.registryHttpSecret]: registryHttpSecret.result,
        [SECRET_KEYS.registryPassword]: registryPassword.result,
        [SECRET_KEYS.registryHtpasswd]: `${REGISTRY_CREDENTIALS_USERNAME}:${registryPassword.bcryptHash}`,
      },
    });
    pinAddress(internal, `secret_${site}_internal`);

    const tokenKey = new SecretV1(this, "token-key", {
      metadata: { name: HARBOR_SECRET_NAMES.tokenKey, namespace: props.namespace },
      type: "kubernetes.io/tls",
      data: {
        [SECRET_KEYS.tokenKey]: props.tokenSigningKeyPem,
        [SECRET_KEYS.tokenCertificate]: props.tokenCertificatePem,
      },
    });
    pinAddress(tokenKey, `secret_${site}_token-key`);

    const secrets = [internal, tokenKey];
    if (props.ossAccessKeySecret !== undefined) {
      // Rotating the key rewrites this secret only: the registry reads it at start (no checksum
      // annotation), so a new key takes effect with `kubectl rollout restart deploy/harbor-registry`.
      const ossKey = new SecretV1(this, "oss-access-key", {
        metadata: { name: HARBOR_SECRET_NAMES.ossAccessKey, namespace: props.namespace },
        type: "Opaque",
        data: { [SECRET_KEYS.ossAccessKeySecret]: props.ossAccessKeySecret },
      });
      pinAddress(ossKey, `secret_${site}_oss-access-key`);
      secrets.push(ossKey);
    }
    let adminPasswordSecret: string;
    if (props.adminPasswordSecretName === undefined) {
      // Harbor's UI requires 8+ characters with upper case, lower case and a digit.
      const initialPassword = password(
        "admin-password",
        { length: 24, special: false, minUpper: 1, minLower: 1, minNumeric: 1 },
        true,
      );
      // Harbor core applies this secret's password only while the admin has none (the first start;
      // later starts ignore it with a warning, goharbor/harbor src/core/main.go), and no pod template
      // carries a checksum of it (chart 1.19.1 core-dpl, exporter-dpl): rewriting it with the
      // current password restarts nothing, and whatever reads it gets a working login.
      const current =
        props.currentAdminPassword === undefined
          ? initialPassword.result
          : Fn.coalesce([props.currentAdminPassword, initialPassword.result]);
      const admin = new SecretV1(this, "admin-password", {
        metadata: { name: HARBOR_SECRET_NAMES.adminPassword, namespace: props.namespace },
        type: "Opaque",
        data: { [SECRET_KEYS.adminPassword]: current },
      });
      pinAddress(admin, `secret_${site}_admin-password`);
      secrets.push(admin);
      adminPasswordSecret = HARBOR_SECRET_NAMES.adminPassword;
      // Read back from the secret: one value for the Harbor providers and the backup job, and one
      // cross-stack output rather than one per operand.
      this.adminPassword = Token.asString(
        admin.interpolationForAttribute(`data.${SECRET_KEYS.adminPassword}`),
      );
    } else {
      // Read back so the site's Harbor provider can log in; the value stays in state, never in JSON.
      const existing = new DataKubernetesSecretV1(this, "existing-admin-password", {
        metadata: { name: props.adminPasswordSecretName, namespace: props.namespace },
      });
      adminPasswordSecret = props.adminPasswordSecretName;
      this.adminPassword = existing.data.lookup(SECRET_KEYS.adminPassword);
    }
    this.secrets = secrets;
    this.refs = {
      internal: HARBOR_SECRET_NAMES.internal,
      adminPassword: adminPasswordSecret,
      adminPasswordKey: SECRET_KEYS.adminPassword,
      tokenKey: HARBOR_SECRET_NAMES.tokenKey,
    };
  }
}

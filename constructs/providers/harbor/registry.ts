import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { HARBOR_REGISTRY_PROVIDER_NAMES } from "../../lib/harbor-rules";
import { checkHttpUrl, checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import {
  checkSecretIsExpression,
  ConfigProblems,
  known,
  requireSensitiveVariables,
  ResourceAttributes,
  TypedResource,
} from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** Config of {@link HarborRegistry} (`harbor_registry`). */
export interface HarborRegistryConfig extends TerraformMetaArguments {
  /**
   * Registry type: `harbor` for a peer site, or `alibaba`, `artifact-hub`, `aws`, `azure`,
   * `docker-hub`, `docker-registry`, `gitlab`, `github`, `google`, `helm`, `huawei`, `jfrog`,
   * `quay`. **ForceNew**.
   */
  readonly providerName: string;
  /** Endpoint name in Harbor, unique per site. */
  readonly name: string;
  /**
   * URL of the remote, e.g. the peer's per-site hostname `https://harbor-backup.example.com`
   * (the same scheme the peer's `externalURL` uses, so tokens come back to the right site).
   */
  readonly endpointUrl: string;
  /** @default "" */
  readonly description?: string;
  /** User or access key for the remote, e.g. a robot account's `fullName`. @default "" (anonymous) */
  readonly accessId?: string;
  /**
   * Secret for `accessId`, as a Terraform expression (e.g. the peer robot account's `secret`).
   * Never read back from Harbor. @default "" (anonymous)
   */
  readonly accessSecret?: string;
  /** Skip TLS verification of the remote. @default false */
  readonly insecure?: boolean;
  /** PEM CA bundle for the remote (Harbor >= 2.15). @default "" */
  readonly caCertificate?: string;
}

const ATTRIBUTES: ResourceAttributes<HarborRegistryConfig> = {
  providerName: tf.string("provider_name"),
  name: tf.string("name"),
  endpointUrl: tf.string("endpoint_url"),
  description: tf.string("description"),
  accessId: tf.string("access_id"),
  accessSecret: tf.string("access_secret"),
  insecure: tf.boolean("insecure"),
  caCertificate: tf.string("ca_certificate"),
};

/**
 * A registry endpoint (`harbor_registry`): the remote side of replication rules and proxy-cache
 * projects.
 *
 * @example
 * const peer = new HarborRegistry(stack, "peer", {
 *   provider: primary,
 *   providerName: "harbor",
 *   name: "backup",
 *   endpointUrl: "https://harbor-backup.example.com",
 *   accessId: backupRobot.fullName,
 *   accessSecret: backupRobot.secret,
 * });
 */
export class HarborRegistry extends TypedResource<HarborRegistryConfig> {
  static readonly tfResourceType = "harbor_registry";

  constructor(scope: Construct, id: string, config: HarborRegistryConfig) {
    super(scope, id, HarborRegistry.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborRegistry.tfResourceType);
    checkOneOf(
      problems,
      problems.at("providerName"),
      known(config.providerName),
      HARBOR_REGISTRY_PROVIDER_NAMES,
    );
    checkHttpUrl(problems, problems.at("endpointUrl"), known(config.endpointUrl));
    checkSecretIsExpression(problems, problems.at("accessSecret"), config.accessSecret);
    requireSensitiveVariables(this, problems.at("accessSecret"), config.accessSecret);
    problems.throwIfInvalid();
  }

  /** `/registries/<n>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** Numeric registry id: pass it to `HarborReplication.registryId` and `HarborProject.registryId`. */
  get registryId(): number {
    return this.getNumberAttribute("registry_id");
  }

  /** Health status reported by Harbor. */
  get status(): string {
    return this.getStringAttribute("status");
  }
}

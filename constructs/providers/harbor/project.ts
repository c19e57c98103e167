import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import {
  checkHarborProjectName,
  checkStorageQuotaGiB,
  HARBOR_DEPLOYMENT_SECURITY_LEVELS,
} from "../../lib/harbor-rules";
import { checkOneOf, checkUnlimitedOrAtLeast } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** Config of {@link HarborProject} (`harbor_project`). */
export interface HarborProjectConfig extends TerraformMetaArguments {
  /** Project name: lowercase letters, digits and single `.`, `_`, `-` separators. **ForceNew**. */
  readonly name: string;
  /** A `HarborRegistry.registryId`, which makes this a proxy-cache project. **ForceNew**. @default - a normal project */
  readonly registryId?: number;
  /** Anyone may pull without logging in. @default false */
  readonly public?: boolean;
  /** Scan every pushed artifact. @default true */
  readonly vulnerabilityScanning?: boolean;
  /** Scanner registration for this project. @default - the system default scanner */
  readonly vulnerabilityScanner?: string;
  /**
   * Storage quota in **GiB**; -1 is unlimited. Never read back, and updated only when the provider
   * user is an admin.
   * @default -1
   */
  readonly storageQuota?: number;
  /** CVE ids to ignore in this project. @default - none */
  readonly cveAllowlist?: string[];
  /** Require Notary-signed images. @default false */
  readonly enableContentTrust?: boolean;
  /** Require cosign-signed images. @default false */
  readonly enableContentTrustCosign?: boolean;
  /** Delete all repositories on destroy; otherwise destroying a non-empty project fails. @default false */
  readonly forceDestroy?: boolean;
  /** Generate an SBOM on push (Harbor >= 2.11). @default false */
  readonly autoSbomGeneration?: boolean;
  /** Block pulls of images with vulnerabilities at or above `none`, `low`, `medium`, `high`, `critical`. @default - no blocking */
  readonly deploymentSecurity?: string;
  /** Proxy-cache bandwidth cap in KB/s; -1 unlimited; only with `registryId`. @default -1 */
  readonly proxySpeedKb?: number;
  /** Serve cached images the upstream deleted (Harbor >= 2.15.1); only with `registryId`. @default false */
  readonly proxyCacheLocalOnNotFound?: boolean;
}

const ATTRIBUTES: ResourceAttributes<HarborProjectConfig> = {
  name: tf.string("name"),
  registryId: tf.number("registry_id"),
  public: tf.boolean("public"),
  vulnerabilityScanning: tf.boolean("vulnerability_scanning"),
  vulnerabilityScanner: tf.string("vulnerability_scanner"),
  storageQuota: tf.number("storage_quota"),
  cveAllowlist: tf.stringList("cve_allowlist"),
  enableContentTrust: tf.boolean("enable_content_trust"),
  enableContentTrustCosign: tf.boolean("enable_content_trust_cosign"),
  forceDestroy: tf.boolean("force_destroy"),
  autoSbomGeneration: tf.boolean("auto_sbom_generation"),
  deploymentSecurity: tf.string("deployment_security"),
  proxySpeedKb: tf.number("proxy_speed_kb"),
  proxyCacheLocalOnNotFound: tf.boolean("proxy_cache_local_on_not_found"),
};

/**
 * A Harbor project (`harbor_project`).
 *
 * @stateful holds repositories; keep `forceDestroy` false.
 * @example
 * const library = new HarborProject(stack, "library", {
 *   provider: primary, name: "library", storageQuota: 500, vulnerabilityScanning: true,
 * });
 * library.id; // "/projects/<n>": what retention, members and webhooks take
 */
export class HarborProject extends TypedResource<HarborProjectConfig> {
  static readonly tfResourceType = "harbor_project";

  constructor(scope: Construct, id: string, config: HarborProjectConfig) {
    super(scope, id, HarborProject.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborProject.tfResourceType);
    checkHarborProjectName(problems, problems.at("name"), known(config.name));
    checkStorageQuotaGiB(problems, problems.at("storageQuota"), known(config.storageQuota));
    checkOneOf(
      problems,
      problems.at("deploymentSecurity"),
      known(config.deploymentSecurity),
      HARBOR_DEPLOYMENT_SECURITY_LEVELS,
    );
    checkUnlimitedOrAtLeast(
      problems,
      problems.at("proxySpeedKb"),
      known(config.proxySpeedKb),
      1,
      "unlimited",
      "KB/s",
    );
    for (const field of ["proxySpeedKb", "proxyCacheLocalOnNotFound"] as const) {
      problems.check(
        config[field] === undefined || config.registryId !== undefined,
        problems.at(field),
        config[field],
        "only for a proxy-cache project (with registryId)",
      );
    }
    problems.throwIfInvalid();
  }

  /** `/projects/<n>`: pass this (not `projectId`) to retention, members, webhooks, immutable rules. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** Numeric project id. */
  get projectId(): number {
    return this.getNumberAttribute("project_id");
  }

  /** The proxy-cache registry, if any. */
  get registryId(): number {
    return this.getNumberAttribute("registry_id");
  }
}

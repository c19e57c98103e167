import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { PolicyConfig, SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { ProblemList } from "../constructs/lib/validation";
import { RegistryPolicy, RegistryPolicyOptions, WebhookEventType } from "../constructs/policy";
import { HarborProvider } from "../constructs/providers/harbor";
import {
  DEFAULT_REPLICATOR_ROBOT_NAME,
  HarborReplicationPair,
  SiteReplication,
  repositoryFilterForProjects,
} from "../constructs/replication";
import { configureStateBackend } from "./backend";

/** The user the Harbor provider logs in as: only an admin may manage configuration and quotas. */
export const HARBOR_ADMIN_USER = "admin";

/** Sensitive variable holding the address every project's webhook posts to. */
export const WEBHOOK_URL_VARIABLE = "harbor_webhook_url";

export interface HarborConfigStackProps {
  readonly region: string;
  readonly role: SiteRole;
  /** The site this stack configures. */
  readonly site: SiteConfig;
  /** The other site: replication endpoint target and source of the compensation pull. */
  readonly peer: SiteConfig;
  readonly policy: PolicyConfig;
  readonly stateBackend?: StateBackendConfig;
  /**
   * Secret of every robot account by short name: the CI robots of `policy.robotAccounts` and the
   * replicator. Terraform expressions, the same for both sites' stacks (references to the shared
   * stack's generated secrets).
   */
  readonly robotSecrets: Readonly<Record<string, string>>;
  /**
   * The site's Harbor admin password as a Terraform expression, e.g. a reference to the password
   * the platform stack generated.
   * @default - the sensitive variable `harbor_<site>_admin_password`
   */
  readonly adminPassword?: string;
}

/** Robot names the configuration stacks need secrets for: the replicator first, then the CI robots. */
export function robotNamesOf(policy: PolicyConfig): readonly string[] {
  return [DEFAULT_REPLICATOR_ROBOT_NAME, ...(policy.robotAccounts ?? []).map((robot) => robot.name)];
}

/** Terraform-safe name of a site-scoped variable or output, e.g. `harbor_hz_h_admin_password`. */
export function adminPasswordVariableName(site: Pick<SiteConfig, "name">): string {
  return `harbor_${site.name.replace(/-/g, "_")}_admin_password`;
}

/** Output name of a CI robot's secret, e.g. `robot_ci_pusher_secret`. */
export function robotSecretOutputName(robotName: string): string {
  return `robot_${robotName.replace(/[.-]/g, "_")}_secret`;
}

/**
 * One site's Harbor configuration through the Harbor API: its half of the replication pair and
 * the registry policy, both with the site's own provider (alias = site name) at the site's pinned
 * hostname. Both sites' stacks are built from the same configuration and differ only in which site
 * is `site` and which is `peer`. Applied after the site's platform stack and the gateway.
 */
export class HarborConfigStack extends TerraformStack {
  /** The Harbor provider of this site. */
  readonly harbor: HarborProvider;
  /** This site's half of the replication pair. */
  readonly replication: SiteReplication;
  /** The registry policy, identical on both sites. */
  readonly registryPolicy: RegistryPolicy;

  constructor(scope: Construct, id: string, props: HarborConfigStackProps) {
    super(scope, id);
    checkProps(id, props);
    configureStateBackend(this, id, props.region, props.stateBackend);
    const { site, peer, policy } = props;

    const password =
      props.adminPassword ??
      new TerraformVariable(this, adminPasswordVariableName(site), {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `Harbor admin password of site ${site.name} (https://${site.hostname})`,
      }).stringValue;
    this.harbor = new HarborProvider(this, "harbor", {
      alias: site.name,
      url: `https://${site.hostname}`,
      username: HARBOR_ADMIN_USER,
      password,
      insecure: false,
    });

    const projectNames = policy.projects.map((project) => project.name);
    this.replication = HarborReplicationPair.forSite(this, "replication", {
      site: { name: site.name, url: `https://${site.hostname}`, provider: this.harbor },
      peer: { name: peer.name, url: `https://${peer.hostname}` },
      replicatorSecret: props.robotSecrets[DEFAULT_REPLICATOR_ROBOT_NAME],
      repositoryFilter: repositoryFilterForProjects(projectNames),
      compensationSchedule: policy.replicationCompensationSchedule,
      replicateDeletions: policy.replicateDeletions,
    });

    this.registryPolicy = new RegistryPolicy(this, "policy", {
      provider: this.harbor,
      ...registryPolicyOptions(policy, props.robotSecrets, this.webhookAddress(policy)),
    });

    for (const robot of policy.robotAccounts ?? []) {
      new TerraformOutput(this, robotSecretOutputName(robot.name), {
        value: props.robotSecrets[robot.name],
        sensitive: true,
        description: `Secret of ${this.registryPolicy.robotLogin(robot.name)}, the same on both sites`,
      });
    }
  }

  private webhookAddress(policy: PolicyConfig): string | undefined {
    if (!policy.webhook) return undefined;
    const address = new TerraformVariable(this, WEBHOOK_URL_VARIABLE, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "https address every Harbor project posts its events to (the same on both sites)",
    });
    // Checked at plan time: the value is only known to Terraform.
    address.addValidation({
      condition: Fn.startswith(address.stringValue, "https://"),
      errorMessage: "harbor_webhook_url must be an https URL: events carry project and repository names.",
    });
    return address.stringValue;
  }
}

/** The deployment's policy section in the construct's terms. */
export function registryPolicyOptions(
  policy: PolicyConfig,
  robotSecrets: Readonly<Record<string, string>>,
  webhookAddress: string | undefined,
): RegistryPolicyOptions {
  return {
    projects: policy.projects.map((project) => ({
      name: project.name,
      public: project.public,
      storageQuotaGiB: project.storageQuotaGiB,
      scanOnPush: project.scanOnPush,
      deploymentSecurity: project.preventVulnerableImagesFrom,
      retentionRules:
        project.retainMostRecentlyPushed === undefined
          ? undefined
          : [{ retainMostRecentlyPushed: project.retainMostRecentlyPushed }],
    })),
    robotAccounts: (policy.robotAccounts ?? []).map((robot) => ({
      name: robot.name,
      projects: robot.projects,
      push: robot.push,
      secret: robotSecrets[robot.name],
    })),
    garbageCollectionSchedule: policy.garbageCollectionSchedule,
    scanAllSchedule: policy.scanAllSchedule,
    auditLogRetentionHours: policy.auditLogRetentionHours,
    webhookAddress,
    webhookEventTypes: policy.webhook?.events as readonly WebhookEventType[] | undefined,
  };
}

function checkProps(id: string, props: HarborConfigStackProps): void {
  const problems = new ProblemList();
  (props.policy.robotAccounts ?? []).forEach((robot, i) => {
    if (robot.name === DEFAULT_REPLICATOR_ROBOT_NAME) {
      problems.add(
        `policy.robotAccounts[${i}].name`,
        robot.name,
        `a name other than "${DEFAULT_REPLICATOR_ROBOT_NAME}", the robot the peer site replicates with`,
      );
    }
  });
  const outputs = new Map<string, string>();
  for (const robot of props.policy.robotAccounts ?? []) {
    const output = robotSecretOutputName(robot.name);
    const first = outputs.get(output);
    if (first !== undefined && first !== robot.name) {
      problems.add(
        "policy.robotAccounts",
        robot.name,
        `a name whose secret output differs from ${first}'s (${output})`,
      );
    }
    outputs.set(output, robot.name);
  }
  for (const name of robotNamesOf(props.policy)) {
    if (props.robotSecrets[name] === undefined) {
      problems.add(
        `${id}: robotSecrets.${name}`,
        undefined,
        `the secret of robot ${name} (from the shared stack)`,
      );
    }
  }
  problems.throwIfAny(`invalid Harbor configuration stack ${id}`);
}

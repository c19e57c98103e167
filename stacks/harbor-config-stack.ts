import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { PolicyConfig, SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { StatefulResourceGuard } from "../constructs/guardrails/stateful-resource-guard";
import { ProblemList } from "../constructs/lib/validation";
import { RegistryPolicy, RegistryPolicyOptions, WebhookEventType } from "../constructs/policy";
import { HarborProvider } from "../constructs/providers/harbor";
import { DEFAULT_REPLICATOR_ROBOT_NAME, ReplicationIdentity } from "../constructs/replication";
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
  readonly policy: PolicyConfig;
  readonly stateBackend?: StateBackendConfig;
  /**
   * Secret of every robot account by short name: the CI robots of `policy.robotAccounts` and the
   * replicator. Terraform expressions, the same for both sites' stacks (references to the shared
   * stack's generated secrets).
   */
  readonly robotSecrets: Readonly<Record<string, string>>;
  /**
   * The site's current Harbor admin password as a Terraform expression: the platform stack's
   * `adminPassword` (a cross-stack reference to what the site's admin secret holds).
   */
  readonly adminPassword: string;
}

/** Robot names the configuration stacks need secrets for: the replicator first, then the CI robots. */
export function robotNamesOf(policy: PolicyConfig): readonly string[] {
  return [DEFAULT_REPLICATOR_ROBOT_NAME, ...(policy.robotAccounts ?? []).map((robot) => robot.name)];
}

/**
 * The Harbor provider of one site (alias = site name) at its pinned hostname, as the admin, with
 * TLS verification on. `adminPassword` is the platform stack's: the generated initial password
 * until an operator sets `harbor_<site>_admin_password` on the platform stack after changing it,
 * so a first deployment needs nothing typed and a change is given in one place only.
 */
export function siteHarborProvider(
  scope: Construct,
  site: SiteConfig,
  adminPassword: string,
): HarborProvider {
  return new HarborProvider(scope, "harbor", {
    alias: site.name,
    url: `https://${site.hostname}`,
    username: HARBOR_ADMIN_USER,
    password: adminPassword,
    insecure: false,
  });
}

/** Output name of a CI robot's secret, e.g. `robot_ci_pusher_secret`. */
export function robotSecretOutputName(robotName: string): string {
  return `robot_${robotName.replace(/[.-]/g, "_")}_secret`;
}

/**
 * One site's own Harbor configuration through the Harbor API: the registry policy (projects,
 * robots, schedules, webhooks) and the `replicator` robot the peer site will log in as, with the
 * site's own provider (alias = site name) at the site's pinned hostname. Both sites' stacks are
 * built from the same configuration and differ only in the provider. Applied after the site's
 * platform stack and the gateway, and before either site's replication stack: replication needs
 * the peer's robot (to create its endpoint) and the peer's projects (the replicator may not create
 * them).
 */
export class HarborConfigStack extends TerraformStack {
  /** The Harbor provider of this site. */
  readonly harbor: HarborProvider;
  /** The robot the peer site replicates with. */
  readonly replicationIdentity: ReplicationIdentity;
  /** The registry policy, identical on both sites. */
  readonly registryPolicy: RegistryPolicy;

  constructor(scope: Construct, id: string, props: HarborConfigStackProps) {
    super(scope, id);
    checkProps(id, props);
    configureStateBackend(this, id, props.region, props.stateBackend);
    // Projects hold images: synth fails if one loses prevent_destroy or its pinned address.
    StatefulResourceGuard.applyTo(this);
    const { site, policy } = props;
    this.harbor = siteHarborProvider(this, site, props.adminPassword);

    this.registryPolicy = new RegistryPolicy(this, "policy", {
      provider: this.harbor,
      ...registryPolicyOptions(policy, props.robotSecrets, this.webhookAddress(policy)),
    });
    this.replicationIdentity = new ReplicationIdentity(this, "replication-identity", {
      provider: this.harbor,
      secret: props.robotSecrets[DEFAULT_REPLICATOR_ROBOT_NAME],
      replicateDeletions: policy.replicateDeletions,
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

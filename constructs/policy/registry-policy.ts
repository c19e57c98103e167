import { Token } from "cdktf";
import { Construct } from "constructs";
import { pinAddress } from "../guardrails/stable-address";
import { markStateful } from "../guardrails/stateful";
import { robotFullName } from "../lib/harbor-robot";
import { harborObjectAddress } from "../lib/naming";
import {
  HarborGarbageCollection,
  HarborInterrogationServices,
  HarborProject,
  HarborProjectWebhook,
  HarborProvider,
  HarborPurgeAuditLog,
  HarborRetentionPolicy,
  HarborRobotAccount,
} from "../providers/harbor";
import {
  ProjectSpec,
  RegistryPolicyOptions,
  RegistryPolicyPlan,
  planRegistryPolicy,
  policyProblems,
} from "./policy-plan";
import { systemRobotAccount } from "./robot-account";

/** Props of {@link RegistryPolicy}. */
export interface RegistryPolicyProps extends RegistryPolicyOptions {
  /** The Harbor provider of the site the policy is applied to. */
  readonly provider: HarborProvider;
}

/**
 * The day-2 policy operators would otherwise click together in Harbor's UI, declared once and
 * applied identically to every site: projects with visibility, storage quota, scan on push,
 * deployment security threshold, tag retention and an alert webhook; least-privilege CI robots
 * with secrets set explicitly (the same on every site); garbage collection, audit-log purge and
 * scan-all schedules. Give each site's instance the same options and only its own provider.
 *
 * Every object's Terraform address comes from its identity in Harbor, not from the construct path:
 * the kind, the provider's alias (the site) and the object's name, e.g.
 * `harbor_project.project_hz-h_library`, `harbor_robot_account.robot_hz-h_ci-pusher`,
 * `harbor_garbage_collection.garbage-collection_hz-h`. Renaming or moving this construct changes
 * none of them. Projects hold images and carry `prevent_destroy`: renaming one (a replacement) is
 * refused; removing one from `projects` deletes it, which Harbor refuses while it has repositories.
 *
 * @stateful
 * @example
 * new RegistryPolicy(primaryConfigStack, "policy", {
 *   provider: primaryHarbor,
 *   projects: [
 *     { name: "library", public: true, storageQuotaGiB: 100 },
 *     { name: "ci", storageQuotaGiB: 200, deploymentSecurity: "critical",
 *       retentionRules: [{ retainMostRecentlyPushed: 20 }] },
 *   ],
 *   robotAccounts: [{ name: "ci-pusher", projects: ["ci"], push: true, secret: ciPusherPassword.result }],
 *   garbageCollectionSchedule: "0 0 3 * * 6",
 *   webhookAddress: webhookUrl.stringValue,
 * });
 */
export class RegistryPolicy extends Construct {
  /** Everything applied to the site, as plain data (identical for every site given the same options). */
  readonly plan: RegistryPolicyPlan;
  /** Escape hatches: the projects by name. */
  readonly projects: Readonly<Record<string, HarborProject>>;
  /** Escape hatches: the CI robot accounts by short name. */
  readonly robotAccounts: Readonly<Record<string, HarborRobotAccount>>;
  /** Escape hatch: the garbage collection schedule (one per Harbor). */
  readonly garbageCollection: HarborGarbageCollection;
  /** Escape hatch: the audit-log purge schedule (one per Harbor). */
  readonly auditLogPurge: HarborPurgeAuditLog;
  /** Escape hatch: the scan-all schedule (one per Harbor). */
  readonly scanAll: HarborInterrogationServices;

  constructor(scope: Construct, id: string, props: RegistryPolicyProps) {
    super(scope, id);
    policyProblems(this.node.path, props, (value) => Token.isUnresolved(value)).throwIfAny(
      `invalid RegistryPolicy ${this.node.path}`,
    );
    this.plan = planRegistryPolicy(props);
    const { provider } = props;
    const address = (kind: string, ...names: string[]) => harborObjectAddress(kind, provider.alias, ...names);

    const projects: Record<string, HarborProject> = {};
    for (const spec of this.plan.projects) projects[spec.name] = this.project(provider, spec, address);
    this.projects = projects;

    const robots: Record<string, HarborRobotAccount> = {};
    const robotOptions = props.robotAccounts ?? [];
    this.plan.robots.forEach((spec, i) => {
      // Harbor refuses a robot whose permissions name a project it does not have yet.
      const needs = spec.permissions.map((permission) => projects[permission.namespace]);
      const secret = robotOptions[i].secret;
      robots[spec.name] = systemRobotAccount(this, `robot-${spec.name}`, provider, spec, secret, needs);
      pinAddress(robots[spec.name], address("robot", spec.name));
    });
    this.robotAccounts = robots;

    const gc = this.plan.garbageCollection;
    this.garbageCollection = new HarborGarbageCollection(this, "garbage-collection", {
      provider,
      schedule: gc.schedule,
      deleteUntagged: gc.deleteUntagged,
      workers: gc.workers,
    });
    pinAddress(this.garbageCollection, address("garbage-collection"));
    const purge = this.plan.auditLogPurge;
    this.auditLogPurge = new HarborPurgeAuditLog(this, "purge-audit-log", {
      provider,
      schedule: purge.schedule,
      auditRetentionHour: purge.retentionHours,
      includeEventTypes: purge.eventTypes.join(","),
    });
    pinAddress(this.auditLogPurge, address("purge-audit-log"));
    this.scanAll = new HarborInterrogationServices(this, "scan-all", {
      provider,
      vulnerabilityScanPolicy: this.plan.scanAll.schedule,
    });
    pinAddress(this.scanAll, address("scan-all"));
  }

  /** The login CI uses for a robot of this policy, e.g. `robot$ci-pusher`. */
  robotLogin(name: string): string {
    if (!this.robotAccounts[name]) {
      throw new Error(`${this.node.path}: no robot account named ${JSON.stringify(name)} in this policy`);
    }
    return robotFullName(name);
  }

  private project(
    provider: HarborProvider,
    spec: ProjectSpec,
    address: (kind: string, ...names: string[]) => string,
  ): HarborProject {
    const project = new HarborProject(this, `project-${spec.name}`, {
      provider,
      name: spec.name,
      public: spec.public,
      storageQuota: spec.storageQuotaGiB,
      vulnerabilityScanning: spec.vulnerabilityScanning,
      deploymentSecurity: spec.deploymentSecurity,
    });
    pinAddress(project, address("project", spec.name));
    markStateful(project, { name: `project/${spec.name}` });
    if (spec.retention) {
      const retention = new HarborRetentionPolicy(this, `retention-${spec.name}`, {
        provider,
        scope: project.id,
        schedule: spec.retention.schedule,
        rule: spec.retention.rules.map((rule) => ({ ...rule })),
      });
      pinAddress(retention, address("retention", spec.name));
    }
    if (spec.webhook) {
      const webhook = new HarborProjectWebhook(this, `webhook-${spec.name}`, {
        provider,
        projectId: project.id,
        name: spec.webhook.name,
        address: spec.webhook.address,
        eventsTypes: [...spec.webhook.eventTypes],
        notifyType: spec.webhook.notifyType,
        skipCertVerify: spec.webhook.skipCertVerify,
        enabled: true,
      });
      pinAddress(webhook, address("webhook", spec.name));
    }
    return project;
  }
}

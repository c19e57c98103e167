import { Construct } from "constructs";
import { EcsAutoSnapshotPolicy } from "../providers/alicloud/ecs-auto-snapshot-policy";
import { pinAddress } from "../guardrails/stable-address";
import {
  checkSnapshotRetentionDays,
  checkSnapshotTimePoints,
  checkSnapshotWeekdays,
} from "../lib/snapshot-schedule";
import { ProblemList } from "../lib/validation";

/** Props of {@link DiskSnapshotPolicy}. */
export interface DiskSnapshotPolicyProps {
  /** Policy name in ECS: 2–128 characters, starting with a letter. Also its Terraform address. */
  readonly policyName: string;
  /**
   * Days to keep each automatic snapshot; -1 keeps them until deleted by hand.
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * Hours of the day (0–23) to take snapshots at, in **UTC+8** (China Standard Time), as ECS
   * interprets them.
   * @default [2] - 02:00 UTC+8, before the usual 02:30 backup window
   */
  readonly hoursUtc8?: readonly number[];
  /**
   * Weekdays to take snapshots on, 1 (Monday) to 7 (Sunday).
   * @default [1, 2, 3, 4, 5, 6, 7] - daily
   */
  readonly weekdays?: readonly number[];
  /**
   * Tags of the policy.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An ECS automatic snapshot policy for retained disks: daily by default, retention configurable.
 * Apply it to disks through {@link RetainedDisk}'s `snapshotPolicy`. Snapshots are
 * crash-consistent copies of each disk on its own; they survive the disk (`delete_auto_snapshot`
 * stays false) and are the way back after a lost or corrupted disk (`RetainedDisk` `snapshotId`).
 *
 * @example
 * const snapshots = new DiskSnapshotPolicy(stack, "snapshots", {
 *   policyName: "harbor-hz-h-daily",
 *   retentionDays: 14,
 * });
 */
export class DiskSnapshotPolicy extends Construct {
  /** The L1 policy (escape hatch). */
  readonly policy: EcsAutoSnapshotPolicy;
  /** Policy id (`sp-…`), known at apply time. */
  readonly policyId: string;
  /** Days each snapshot is kept (-1: until deleted by hand). */
  readonly retentionDays: number;
  /** Hours of the day (UTC+8) snapshots are taken at. */
  readonly hoursUtc8: readonly number[];
  /** Weekdays snapshots are taken on, 1 (Monday) to 7 (Sunday). */
  readonly weekdays: readonly number[];

  constructor(scope: Construct, id: string, props: DiskSnapshotPolicyProps) {
    super(scope, id);
    this.retentionDays = props.retentionDays ?? 7;
    this.hoursUtc8 = props.hoursUtc8 ?? [2];
    this.weekdays = props.weekdays ?? [1, 2, 3, 4, 5, 6, 7];

    const problems = new ProblemList();
    const at = (field: string) => `${this.node.path}: ${field}`;
    problems.check(
      /^[A-Za-z][\w:.-]{1,127}$/.test(props.policyName),
      at("policyName"),
      props.policyName,
      "2 to 128 characters starting with a letter; letters, digits, ':', '_', '.' and '-'",
    );
    checkSnapshotRetentionDays(problems, at("retentionDays"), this.retentionDays);
    checkSnapshotTimePoints(problems, at("hoursUtc8"), this.hoursUtc8.map(String));
    checkSnapshotWeekdays(problems, at("weekdays"), this.weekdays.map(String));
    problems.throwIfAny(`invalid DiskSnapshotPolicy ${this.node.path}`);

    this.policy = new EcsAutoSnapshotPolicy(this, "policy", {
      autoSnapshotPolicyName: props.policyName,
      repeatWeekdays: this.weekdays.map(String),
      timePoints: this.hoursUtc8.map(String),
      retentionDays: this.retentionDays,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    pinAddress(this.policy, `snapshot-policy_${props.policyName.replace(/[^A-Za-z0-9_-]/g, "_")}`);
    this.policyId = this.policy.id;
  }
}

import { Token } from "cdktf";
import { Construct } from "constructs";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { PersistentVolumeV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-v1";
import { DISK_CATEGORIES, DiskCategory, EssdPerformanceLevel } from "../../config/platform-config";
import { pinAddress } from "../guardrails/stable-address";
import { markStateful } from "../guardrails/stateful";
import { ZONE_LABEL } from "../guardrails/zone";
import { checkDiskSpec } from "../lib/disk-limits";
import { isDnsLabel } from "../lib/naming";
import { ProblemList } from "../lib/validation";
import { EcsAutoSnapshotPolicyAttachment } from "../providers/alicloud/ecs-auto-snapshot-policy-attachment";
import { EcsDisk } from "../providers/alicloud/ecs-disk";
import { DiskSnapshotPolicy } from "./disk-snapshot-policy";

/** The Alibaba Cloud disk CSI driver ACK installs. */
export const DISK_CSI_DRIVER = "diskplugin.csi.alibabacloud.com";

/**
 * Storage class name shared by our PersistentVolumes and their claims. No StorageClass object of
 * that name exists, on purpose: it only makes the claim match its volume. An empty class would be
 * the textbook choice, but the kubernetes provider drops an empty `storage_class_name` on claims
 * (v2.38.0 `structure_persistent_volume_claim.go`), and the DefaultStorageClass admission plugin
 * would then give the claim the cluster's default class, which no longer matches the volume: the
 * claim would stay Pending forever.
 */
export const STATIC_STORAGE_CLASS = "harbor-cdktf-static";

/** Filesystems the disk CSI driver formats and mounts. */
export const RETAINED_DISK_FS_TYPES = ["ext4", "xfs"] as const;
/** A filesystem the disk CSI driver formats: `ext4` or `xfs`. */
export type RetainedDiskFsType = (typeof RETAINED_DISK_FS_TYPES)[number];

/** The three resources a RetainedDisk can be told to let go: names for `allowDestroy`. */
export const RETAINED_DISK_PARTS = ["disk", "volume", "claim"] as const;
/** One of the three resources of a RetainedDisk: `disk`, `volume` or `claim`. */
export type RetainedDiskPart = (typeof RETAINED_DISK_PARTS)[number];

/** Tag keys every retained disk carries, so the console and billing show what a disk is for. */
export const DISK_TAG_SITE = "harbor-cdktf/site";
export const DISK_TAG_COMPONENT = "harbor-cdktf/component";

/**
 * Zone ids such as `cn-hangzhou-h` or `ap-southeast-1a`; a region id (`cn-hangzhou`) does not match.
 */
const ZONE_ID = /^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*(?:-[a-z]|[0-9][a-z])$/;

/** Whether `value` is an Alibaba Cloud zone id (not a region id). */
export function isZoneId(value: string): boolean {
  return ZONE_ID.test(value);
}

/** Props of {@link RetainedDisk}. */
export interface RetainedDiskProps {
  /** Site the disk belongs to (DNS label): part of names, tags and the Terraform addresses. */
  readonly siteName: string;
  /** What the disk holds (DNS label), e.g. `registry` or `job-log`: part of names, tags and addresses. */
  readonly component: string;
  /** Zone of the disk, e.g. `cn-hangzhou-h`; pods using it must run there. **Replaces the disk** if changed. */
  readonly zone: string;
  /** Namespace of the claim (may be a reference to a namespace resource, which orders the two). */
  readonly namespace: string;
  /** Size in GiB, within the category's limits. Grows in place; shrinking fails at apply. */
  readonly sizeGiB: number;
  /**
   * Disk category; changed in place.
   * @default "cloud_essd"
   */
  readonly category?: DiskCategory;
  /**
   * ESSD performance level; only with `cloud_essd`.
   * @default "PL1" for cloud_essd
   */
  readonly performanceLevel?: EssdPerformanceLevel;
  /**
   * Encrypt the disk (and its snapshots) at rest. **Replaces the disk** if changed.
   * @default true
   */
  readonly encrypted?: boolean;
  /**
   * KMS key to encrypt with; needs `encrypted`.
   * @default - the ECS service key
   */
  readonly kmsKeyId?: string;
  /**
   * Create the disk from this snapshot (restore). **Replaces the disk** if changed later, which
   * prevent_destroy refuses: restore into a new site or component name.
   * @default - an empty disk
   */
  readonly snapshotId?: string;
  /**
   * Automatic snapshot policy to apply to the disk.
   * @default - a policy of its own: daily at 02:00 UTC+8, kept 7 days
   */
  readonly snapshotPolicy?: DiskSnapshotPolicy;
  /**
   * Filesystem the CSI driver formats an empty disk with (an existing filesystem is kept).
   * @default "ext4"
   */
  readonly fsType?: RetainedDiskFsType;
  /**
   * Name of the cluster-scoped PersistentVolume.
   * @default `<siteName>-<component>`
   */
  readonly volumeName?: string;
  /**
   * Name of the PersistentVolumeClaim in `namespace`.
   * @default `<component>-data`
   */
  readonly claimName?: string;
  /**
   * Labels of the PersistentVolume and the claim.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * More disk tags (site and component tags are always set).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Parts Terraform may destroy: by default none of them can be (prevent_destroy, reclaim policy
   * Retain), and the stateful-resource guard fails synth if that protection is removed.
   * @default []
   */
  readonly allowDestroy?: readonly RetainedDiskPart[];
}

/**
 * An Alibaba Cloud disk that outlives everything around it: pods, nodes, `helm uninstall`,
 * `cdktf destroy` and refactors of the code. It is
 * - an ECS disk (ESSD PL1 and encrypted by default) that is never released with an instance,
 *   with an automatic snapshot policy attached;
 * - a statically provisioned PersistentVolume for the disk CSI driver bound to exactly that disk,
 *   reclaim policy `Retain`, with node affinity on the disk's zone;
 * - a PersistentVolumeClaim bound to exactly that volume (no dynamic provisioning).
 *
 * Disk, volume and claim carry `prevent_destroy`, and their Terraform addresses are derived from
 * `siteName` and `component` (`alicloud_ecs_disk.disk_<site>_<component>`), not from the construct
 * path, so renaming or moving this construct never plans a replacement.
 *
 * Mount the claim with an fsGroup in the pod's security context: the driver's CSIDriver object
 * has the default fsGroupPolicy `ReadWriteOnceWithFSType`, so the kubelet gives the volume to that
 * group because the PV declares `fsType` and ReadWriteOnce. Never `chmod 777`.
 *
 * Growing `sizeGiB` grows the disk online and the PV's capacity; the filesystem is grown by
 * `resize2fs`/`xfs_growfs` on the node (the claim request stays at its first size: static claims
 * cannot be expanded through the API).
 *
 * @stateful
 * @example
 * const disk = new RetainedDisk(stack, "registry-disk", {
 *   siteName: "hz-h",
 *   component: "registry",
 *   zone: "cn-hangzhou-h",
 *   namespace: "harbor-hz-h",
 *   sizeGiB: 500,
 * });
 * disk.claimName; // "registry-data", for the workload's volume
 */
export class RetainedDisk extends Construct {
  /** The ECS disk (escape hatch). */
  readonly disk: EcsDisk;
  /** The snapshot policy attachment (escape hatch). */
  readonly snapshotAttachment: EcsAutoSnapshotPolicyAttachment;
  /** The PersistentVolume (escape hatch). */
  readonly persistentVolume: PersistentVolumeV1;
  /** The PersistentVolumeClaim (escape hatch). */
  readonly claim: PersistentVolumeClaimV1;
  /** The snapshot policy applied: the one given, or the disk's own. */
  readonly snapshotPolicy: DiskSnapshotPolicy;

  /** Disk id (`d-…`), known at apply time. */
  readonly diskId: string;
  /** Site the disk belongs to. */
  readonly siteName: string;
  /** What the disk holds, e.g. `registry`. */
  readonly component: string;
  /** Zone of the disk; pods using it must run there. */
  readonly zone: string;
  /** Size of the disk and capacity of the volume, in GiB. */
  readonly sizeGiB: number;
  /** Disk category. */
  readonly category: DiskCategory;
  /** ESSD performance level; undefined for other categories unless given. */
  readonly performanceLevel?: EssdPerformanceLevel;
  /** Whether the disk and its snapshots are encrypted at rest. */
  readonly encrypted: boolean;
  /** Filesystem of the volume. */
  readonly fsType: RetainedDiskFsType;
  /** Name of the cluster-scoped PersistentVolume. */
  readonly volumeName: string;
  /** Name of the PersistentVolumeClaim, for the workload's volume. */
  readonly claimName: string;
  /** Namespace of the claim (may be a reference). */
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: RetainedDiskProps) {
    super(scope, id);
    this.siteName = props.siteName;
    this.component = props.component;
    this.zone = props.zone;
    this.namespace = props.namespace;
    this.sizeGiB = props.sizeGiB;
    this.category = props.category ?? "cloud_essd";
    this.performanceLevel =
      this.category === "cloud_essd" ? (props.performanceLevel ?? "PL1") : props.performanceLevel;
    this.encrypted = props.encrypted ?? true;
    this.fsType = props.fsType ?? "ext4";
    this.volumeName = props.volumeName ?? `${props.siteName}-${props.component}`;
    this.claimName = props.claimName ?? `${props.component}-data`;
    this.validate(props);

    const allowDestroy = new Set<RetainedDiskPart>(props.allowDestroy ?? []);
    const addressSuffix = `${props.siteName}_${props.component}`;
    const markName = (part: RetainedDiskPart) => `${part}/${props.component}`;

    this.disk = new EcsDisk(this, "disk", {
      zoneId: this.zone,
      size: this.sizeGiB,
      category: this.category,
      performanceLevel: this.performanceLevel,
      encrypted: this.encrypted,
      kmsKeyId: props.kmsKeyId,
      snapshotId: props.snapshotId,
      // ACK mounts only pay-as-you-go disks; explicit so a console change shows as drift.
      paymentType: "PayAsYouGo",
      // Optional+computed in the provider: only an explicit false makes Terraform restore it if
      // anything (a node pool scale-in) flips it, and a released disk is gone with its data.
      deleteWithInstance: false,
      // Automatic snapshots outlive the disk: they are the way back after losing it.
      deleteAutoSnapshot: false,
      // The disk is attached while it grows: an offline resize would need an instance restart.
      type: "online",
      diskName: /^[A-Za-z]/.test(this.volumeName) ? this.volumeName : `disk-${this.volumeName}`,
      description: `${props.component} data of site ${props.siteName}, retained by harbor-cdktf`,
      tags: { ...(props.tags ?? {}), [DISK_TAG_SITE]: props.siteName, [DISK_TAG_COMPONENT]: props.component },
      lifecycle: {
        // The CSI plugin may tag attached disks itself (k8s.aliyun.com=true); that is not drift.
        ignoreChanges: ['tags["k8s.aliyun.com"]'],
      },
    });
    pinAddress(this.disk, `disk_${addressSuffix}`);
    markStateful(this.disk, { name: markName("disk"), allowDestroy: allowDestroy.has("disk") });
    this.diskId = this.disk.id;

    this.snapshotPolicy =
      props.snapshotPolicy ??
      new DiskSnapshotPolicy(this, "snapshot-policy", { policyName: `disk-${this.volumeName}-daily` });
    this.snapshotAttachment = new EcsAutoSnapshotPolicyAttachment(this, "snapshots", {
      autoSnapshotPolicyId: this.snapshotPolicy.policyId,
      diskId: this.diskId,
    });
    pinAddress(this.snapshotAttachment, `snapshots_${addressSuffix}`);

    const labels = props.labels ? { ...props.labels } : undefined;
    this.persistentVolume = new PersistentVolumeV1(this, "volume", {
      metadata: { name: this.volumeName, labels },
      spec: [
        {
          capacity: { storage: `${this.sizeGiB}Gi` },
          accessModes: ["ReadWriteOnce"],
          // Deleting the claim releases the volume but keeps the disk.
          persistentVolumeReclaimPolicy: "Retain",
          storageClassName: STATIC_STORAGE_CLASS,
          volumeMode: "Filesystem",
          // Only this claim may bind the volume.
          claimRef: { name: this.claimName, namespace: this.namespace },
          nodeAffinity: {
            required: {
              nodeSelectorTerm: [
                { matchExpressions: [{ key: ZONE_LABEL, operator: "In", values: [this.zone] }] },
              ],
            },
          },
          persistentVolumeSource: {
            csi: {
              driver: DISK_CSI_DRIVER,
              volumeHandle: this.diskId,
              // Declaring fsType is what makes the kubelet apply the pod's fsGroup to the volume
              // (fsGroupPolicy ReadWriteOnceWithFSType); see the class comment.
              fsType: this.fsType,
            },
          },
        },
      ],
    });
    pinAddress(this.persistentVolume, `pv_${addressSuffix}`);
    markStateful(this.persistentVolume, {
      name: markName("volume"),
      allowDestroy: allowDestroy.has("volume"),
    });

    this.claim = new PersistentVolumeClaimV1(this, "claim", {
      metadata: { name: this.claimName, namespace: this.namespace, labels },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: STATIC_STORAGE_CLASS,
        volumeName: this.volumeName,
        resources: { requests: { storage: `${this.sizeGiB}Gi` } },
      },
      // Pre-bound on both sides, the claim binds as soon as it exists; waiting proves the pair
      // matches on the first apply instead of leaving a Pending claim for Helm to time out on.
      waitUntilBound: true,
      dependsOn: [this.persistentVolume],
      lifecycle: {
        // A static claim cannot be expanded through the API (no StorageClass allows it); its
        // request is only the minimum for binding, so a grown disk leaves it as it was.
        ignoreChanges: ["spec[0].resources[0].requests"],
      },
    });
    pinAddress(this.claim, `pvc_${addressSuffix}`);
    markStateful(this.claim, { name: markName("claim"), allowDestroy: allowDestroy.has("claim") });
  }

  private validate(props: RetainedDiskProps): void {
    const problems = new ProblemList();
    const at = (field: string) => `${this.node.path}: ${field}`;
    for (const field of ["siteName", "component"] as const) {
      problems.check(
        typeof props[field] === "string" && isDnsLabel(props[field], 30),
        at(field),
        props[field],
        "a DNS label of at most 30 chars: lowercase letters, digits and '-'",
      );
    }
    if (!Token.isUnresolved(props.zone)) {
      problems.check(
        typeof props.zone === "string" && isZoneId(props.zone),
        at("zone"),
        props.zone,
        "a zone id such as cn-hangzhou-h (a zone, not a region)",
      );
    }
    const categoryOk = problems.check(
      (DISK_CATEGORIES as readonly string[]).includes(this.category),
      at("category"),
      props.category,
      `one of ${DISK_CATEGORIES.join(", ")} (categories the disk CSI driver attaches)`,
    );
    const sizeGiven = problems.check(
      typeof props.sizeGiB === "number",
      at("sizeGiB"),
      props.sizeGiB,
      "a size in GiB within the category's limits",
    );
    if (categoryOk && sizeGiven) {
      // Category, level and size together: the provider does not check sizes, so a disk too small
      // for its category would fail only at apply.
      checkDiskSpec(problems, `${this.node.path}: `, {
        category: this.category,
        performanceLevel: props.performanceLevel,
        sizeGiB: props.sizeGiB,
      });
    }
    problems.check(
      props.kmsKeyId === undefined || this.encrypted,
      at("kmsKeyId"),
      props.kmsKeyId,
      "only with encrypted: true",
    );
    if (props.snapshotId !== undefined && !Token.isUnresolved(props.snapshotId)) {
      problems.check(
        /^s-[a-z0-9]+$/.test(props.snapshotId),
        at("snapshotId"),
        props.snapshotId,
        "an ECS snapshot id such as s-bp1234567890abcdef",
      );
    }
    problems.check(
      (RETAINED_DISK_FS_TYPES as readonly string[]).includes(this.fsType),
      at("fsType"),
      props.fsType,
      `one of ${RETAINED_DISK_FS_TYPES.join(", ")}`,
    );
    for (const [field, name] of [
      ["volumeName", this.volumeName],
      ["claimName", this.claimName],
    ] as const) {
      problems.check(
        isDnsLabel(name),
        at(field),
        name,
        "a Kubernetes object name (DNS label, at most 63 chars)",
      );
    }
    for (const part of props.allowDestroy ?? []) {
      problems.check(
        (RETAINED_DISK_PARTS as readonly string[]).includes(part),
        at("allowDestroy"),
        part,
        `one of ${RETAINED_DISK_PARTS.join(", ")}`,
      );
    }
    problems.throwIfAny(`invalid RetainedDisk ${this.node.path}`);
  }
}

import {
  App,
  LocalBackend,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from "cdktf";
import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { PersistentVolumeV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";

/**
 * A small two-stack app that exercises the provider doubles independently of the
 * project's own constructs: a retained Alibaba Cloud disk with its Kubernetes volume
 * and namespace (platform stack), and a Harbor project configured with a password the
 * platform stack generated (config stack, a cross-stack reference). Raw bindings on
 * purpose: the doubles, not the wrappers, are under test here.
 */

class AlicloudFixtureProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "alicloud",
      terraformGeneratorMetadata: { providerName: "alicloud", providerVersionConstraint: "~> 1.289" },
      terraformProviderSource: "aliyun/alicloud",
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { region: "cn-hangzhou" };
  }
}

interface DiskFixtureProps {
  readonly zoneId: string;
  readonly sizeGiB: number;
  readonly category: string;
  readonly encrypted: boolean;
  readonly preventDestroy: boolean;
}

class EcsDiskFixture extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: DiskFixtureProps,
  ) {
    super(scope, id, {
      terraformResourceType: "alicloud_ecs_disk",
      terraformGeneratorMetadata: { providerName: "alicloud" },
      lifecycle: { preventDestroy: props.preventDestroy },
    });
  }

  get diskId(): string {
    return this.getStringAttribute("id");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      zone_id: this.props.zoneId,
      size: this.props.sizeGiB,
      category: this.props.category,
      performance_level: this.props.category === "cloud_essd" ? "PL1" : undefined,
      encrypted: this.props.encrypted,
      delete_with_instance: false,
      disk_name: "fixture-registry",
      tags: { app: "harbor" },
    };
  }
}

class HarborFixtureProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, password: string) {
    super(scope, id, {
      terraformResourceType: "harbor",
      terraformGeneratorMetadata: { providerName: "harbor", providerVersionConstraint: "~> 3.12" },
      terraformProviderSource: "goharbor/harbor",
    });
    this.password = password;
  }

  private readonly password: string;

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      url: "https://harbor-a.example.com",
      username: "admin",
      password: this.password,
      insecure: false,
    };
  }
}

class HarborProjectFixture extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly projectName: string,
  ) {
    super(scope, id, {
      terraformResourceType: "harbor_project",
      terraformGeneratorMetadata: { providerName: "harbor" },
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { name: this.projectName, public: false, storage_quota: 100, vulnerability_scanning: true };
  }
}

export interface FixtureOptions {
  /** @default "cn-hangzhou-h" */
  readonly zoneId?: string;
  /** @default 100 */
  readonly sizeGiB?: number;
  /** @default "cloud_essd" */
  readonly category?: string;
  /** @default false */
  readonly encrypted?: boolean;
  /** @default "registry-disk" */
  readonly diskConstructId?: string;
  /** Emit a `moved` block from `alicloud_ecs_disk.registry-disk` to the renamed disk. @default false */
  readonly movedFromOriginalId?: boolean;
  /** `relative`: `terraform.<stack>.tfstate` relative to each stack's directory. @default "cdktf-default" */
  readonly statePaths?: "cdktf-default" | "relative";
}

export const FIXTURE_STACKS = { platform: "fixture-platform", config: "fixture-config" } as const;

/** Builds the fixture's two stacks into `app`. */
export function buildFixtureApp(app: App, options: FixtureOptions = {}): void {
  const platform = new TerraformStack(app, FIXTURE_STACKS.platform);
  const config = new TerraformStack(app, FIXTURE_STACKS.config);
  if (options.statePaths === "relative") {
    for (const stack of [platform, config])
      new LocalBackend(stack, { path: `terraform.${stack.node.id}.tfstate` });
  }

  new AlicloudFixtureProvider(platform, "alicloud");
  new KubernetesProvider(platform, "kubernetes", { configPath: "~/.kube/config" });
  new RandomProvider(platform, "random");
  const disk = new EcsDiskFixture(platform, options.diskConstructId ?? "registry-disk", {
    zoneId: options.zoneId ?? "cn-hangzhou-h",
    sizeGiB: options.sizeGiB ?? 100,
    category: options.category ?? "cloud_essd",
    encrypted: options.encrypted ?? false,
    preventDestroy: true,
  });
  if (options.movedFromOriginalId) disk.moveFromId("alicloud_ecs_disk.registry-disk");
  const namespace = new NamespaceV1(platform, "namespace", {
    metadata: { name: "harbor-fixture", labels: { "app.kubernetes.io/part-of": "harbor" } },
    lifecycle: { preventDestroy: true },
  });
  new PersistentVolumeV1(platform, "registry-volume", {
    metadata: { name: "harbor-fixture-registry" },
    spec: [
      {
        capacity: { storage: `${options.sizeGiB ?? 100}Gi` },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: "alicloud-disk-essd",
        persistentVolumeSource: {
          csi: { driver: "diskplugin.csi.alibabacloud.com", volumeHandle: disk.diskId, fsType: "ext4" },
        },
      },
    ],
    lifecycle: { preventDestroy: true },
  });
  const adminPassword = new Password(platform, "admin-password", { length: 24, special: false });
  new TerraformOutput(platform, "namespace-name", { value: namespace.metadata.name });

  new HarborFixtureProvider(config, "harbor", adminPassword.result);
  new HarborProjectFixture(config, "library", "library");
  // Read back through the cross-stack reference, so a test can compare both stacks' views.
  new TerraformOutput(config, "registry-disk-id", { value: disk.diskId });
}

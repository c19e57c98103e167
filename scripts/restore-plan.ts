/**
 * `npm run restore-plan -- --stack <platform stack> --group <DescribeSnapshotGroups.json> --disks <BACKUP_DISKS>`
 *
 * Prints the restore of one site from one backup (docs/operations.md, "Restore a site"): the
 * `snapshotId` of every disk for the configuration, the `terraform state rm` and `kubectl delete`
 * commands that make Terraform create the disks from the snapshots instead of replacing them.
 * It changes nothing itself. Run `npx cdktf synth` first.
 */
import * as fs from "fs";
import * as path from "path";
import {
  parseBackupDisks,
  planRestore,
  RestoreError,
  snapshotGroupFromDescribe,
} from "./restore/restore-plan";

export function runRestorePlan(argv: readonly string[], cwd = process.cwd()): number {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!["--stack", "--group", "--disks"].includes(argv[i]) || argv[i + 1] === undefined) {
      process.stderr.write(
        "usage: npm run restore-plan -- --stack <platform stack> --group <DescribeSnapshotGroups.json> --disks <component=d-…,…>\n",
      );
      return 2;
    }
    args.set(argv[i], argv[i + 1]);
  }
  const stack = args.get("--stack");
  const group = args.get("--group");
  const disks = args.get("--disks");
  if (!stack || !group || !disks) {
    process.stderr.write("restore-plan: --stack, --group and --disks are all required\n");
    return 2;
  }
  try {
    const stackFile = path.join(cwd, "cdktf.out", "stacks", stack, "cdk.tf.json");
    if (!fs.existsSync(stackFile))
      throw new RestoreError(`${stackFile} not found: run npx cdktf synth first`);
    const plan = planRestore(
      snapshotGroupFromDescribe(JSON.parse(fs.readFileSync(path.resolve(cwd, group), "utf8"))),
      parseBackupDisks(disks),
      JSON.parse(fs.readFileSync(stackFile, "utf8")),
    );
    const forget = [
      ...plan.forget.claims,
      ...plan.forget.volumes,
      ...plan.forget.snapshotAttachments,
      ...plan.forget.disks,
    ];
    const lines = [
      `# Restore of ${stack} from ${plan.backup}`,
      "",
      "# 1. Configuration: set these snapshotId values on the site's disks (all from this one backup)",
      JSON.stringify(
        Object.fromEntries(Object.entries(plan.snapshotIds).map(([key, id]) => [key, { snapshotId: id }])),
        null,
        2,
      ),
      "",
      "# 2. With the site scaled to zero: make Terraform forget the old disks, volumes and claims (they stay in the cloud)",
      `terraform -chdir=cdktf.out/stacks/${stack} state rm ${forget.map((a) => `'${a}'`).join(" ")}`,
      "",
      "# 3. Remove the old claims and volumes from the cluster (reclaim policy Retain: the disks are kept)",
      ...plan.kubernetesObjects.map((object) => {
        const [kind, ...rest] = object.split("/");
        return kind === "pvc"
          ? `kubectl -n ${rest[0]} delete pvc ${rest[1]}`
          : `kubectl delete pv ${rest[0]}`;
      }),
      "",
      `# 4. Deploy: npx cdktf deploy ${stack}   (the guard lists the disks as replaced; name them with allow-destroy)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`restore-plan: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runRestorePlan(process.argv.slice(2));
}

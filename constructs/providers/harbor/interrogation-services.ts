import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkHarborJobSchedule } from "../../lib/harbor-schedule";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** Config of {@link HarborInterrogationServices} (`harbor_interrogation_services`). */
export interface HarborInterrogationServicesConfig extends TerraformMetaArguments {
  /**
   * Scan-all schedule: exactly `Hourly`, `Daily`, `Weekly`, or a non-preset 6-field cron (the
   * provider docs' `Monthly` is not a preset and is rejected).
   */
  readonly vulnerabilityScanPolicy: string;
  /** Scanner to make the default, e.g. `Trivy`. Errors are ignored and it is never read back. @default - unchanged */
  readonly defaultScanner?: string;
}

const ATTRIBUTES: ResourceAttributes<HarborInterrogationServicesConfig> = {
  vulnerabilityScanPolicy: tf.string("vulnerability_scan_policy"),
  defaultScanner: tf.string("default_scanner"),
};

/**
 * The scan-all schedule of one Harbor site (`harbor_interrogation_services`, a singleton).
 *
 * @example
 * new HarborInterrogationServices(stack, "scan-all", { provider: primary, vulnerabilityScanPolicy: "Daily" });
 */
export class HarborInterrogationServices extends TypedResource<HarborInterrogationServicesConfig> {
  static readonly tfResourceType = "harbor_interrogation_services";

  constructor(scope: Construct, id: string, config: HarborInterrogationServicesConfig) {
    super(scope, id, HarborInterrogationServices.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborInterrogationServices.tfResourceType);
    checkHarborJobSchedule(
      problems,
      problems.at("vulnerabilityScanPolicy"),
      known(config.vulnerabilityScanPolicy),
    );
    problems.throwIfInvalid();
  }

  /** Always `/system/scanAll/schedule`. */
  get id(): string {
    return this.getStringAttribute("id");
  }
}

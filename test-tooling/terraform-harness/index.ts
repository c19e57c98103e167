/**
 * Real Terraform for tests and the pull-request guard: prepare the provider-double
 * mirror, lay out synthesized stacks as `cdktf deploy` would, run `init`, `validate`,
 * `plan` and `apply`, and read Terraform's own decisions from its JSON output.
 */
export { prepareMirror, type PreparedMirror, type MirroredProvider } from "../provider-double/mirror";
export { missingFacts, PROVIDER_FACTS } from "../provider-double/provider-facts";
export {
  describePlan,
  parsePlanOutput,
  type PlanAction,
  type PlannedResourceChange,
  type PlanReport,
  type TerraformDiagnostic,
} from "./plan-output";
export {
  requireTerraform,
  runTerraform,
  runTerraformOk,
  terraformEnv,
  TerraformCommandError,
  TerraformMissingError,
  type TerraformResult,
} from "./terraform-process";
export { openSharedWorkspace, type OpenWorkspace } from "./open-workspace";
export { startSharedDoubles, type SharedDoubles } from "./shared-doubles";
export {
  dependencyLevels,
  readSynthesizedApp,
  relocateLocalState,
  synthToDir,
  TerraformWorkspace,
  type ApplyOutcome,
  type PlanOutcome,
  type StackJson,
  type SynthesizedApp,
  type SynthesizedStack,
} from "./workspace";

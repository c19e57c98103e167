import { prepareMirror } from "../provider-double/mirror";
import { startSharedDoubles } from "./shared-doubles";
import { requireTerraform } from "./terraform-process";
import { SynthesizedApp, TerraformWorkspace } from "./workspace";

export interface OpenWorkspace {
  readonly workspace: TerraformWorkspace;
  /** Disposes of the workspace and stops its doubles. */
  close(): Promise<void>;
}

/**
 * The usual start of a Terraform-backed test file: terraform required (a clear error, never a
 * skip), the mirror prepared, one set of doubles shared by every command, the stacks initialised.
 * Whatever was started is stopped again if a later step fails.
 */
export async function openSharedWorkspace(
  synth: SynthesizedApp,
  variables?: Readonly<Record<string, string>>,
  options: {
    /** Stacks to initialise. @default every stack */
    readonly initStacks?: readonly string[];
  } = {},
): Promise<OpenWorkspace> {
  requireTerraform();
  const mirror = prepareMirror();
  const shared = await startSharedDoubles(mirror);
  let workspace: TerraformWorkspace | undefined;
  const close = async () => {
    workspace?.dispose();
    await shared.stop();
  };
  try {
    workspace = new TerraformWorkspace(synth, { mirror, shared, variables });
    await workspace.init(options.initStacks);
    return { workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}

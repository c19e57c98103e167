/**
 * A control for the synth benchmark: the example's shape without its content. The same eight
 * stacks with the same provider blocks, as many resources per provider, data sources, outputs
 * and variables as the example synthesizes (counted from its cdk.tf.json), each resource the
 * floor's plain one for its provider. What it costs beyond the floor is what cdktf charges for
 * that many elements; what the example costs beyond it is the cost of our constructs' content.
 */
import {
  App,
  DataTerraformRemoteStateLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import { EXAMPLE_SHAPE, ProviderName } from "./example-shape";
import { PLAIN } from "./plain-resources";

const app = new App();
for (const [name, shape] of Object.entries(EXAMPLE_SHAPE)) {
  const stack = new TerraformStack(app, `shape-${name}`);
  for (const [provider, count] of Object.entries(shape.resources) as [ProviderName, number][]) {
    PLAIN[provider].provider(stack);
    for (let i = 0; i < count; i++) PLAIN[provider].resource(stack, `${provider}-${i}`);
  }
  for (let i = 0; i < shape.remoteStates; i++)
    new DataTerraformRemoteStateLocal(stack, `remote-${i}`, { path: `../terraform.other-${i}.tfstate` });
  // The example's other data sources (kubernetes_resources, kubernetes_namespace_v1) as plain remote states.
  for (let i = 0; i < shape.otherData; i++)
    new DataTerraformRemoteStateLocal(stack, `data-${i}`, { path: `../terraform.data-${i}.tfstate` });
  for (let i = 0; i < shape.outputs; i++) new TerraformOutput(stack, `output-${i}`, { value: `value-${i}` });
  for (let i = 0; i < shape.variables; i++) new TerraformVariable(stack, `variable_${i}`, { type: "string" });
}
app.synth();

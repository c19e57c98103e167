/**
 * The synth floor: one stack that declares the same providers as the example app, each with one
 * resource, and nothing else. What the example costs beyond this is the cost of our own code.
 */
import { App, TerraformStack } from "cdktf";
import { PLAIN } from "./plain-resources";

const app = new App();
const stack = new TerraformStack(app, "floor");
for (const [name, plain] of Object.entries(PLAIN)) {
  plain.provider(stack);
  plain.resource(stack, `floor-${name}`);
}
app.synth();

import { TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../lib/validation";

/**
 * Terraform addresses of stateful resources must not follow the construct tree. cdktf derives a
 * resource's address from its construct path (`<parents>_<id>_<hash>`), so renaming a parent
 * construct or moving a disk into another construct would plan a destroy of the old address and a
 * create of the new one: for a disk, data loss (stopped only by prevent_destroy).
 *
 * We pin the logical id to the resource's own identity instead (site name plus component, the
 * names the cloud and the cluster know the object by), so an address changes only when the object
 * itself would be replaced anyway. This is simpler than `moved` blocks, which must be written by
 * hand after every refactor and kept forever, and which a forgotten refactor silently lacks.
 */

const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const pinned = new WeakSet<TerraformResource>();
const addressesByStack = new WeakMap<TerraformStack, Map<string, string>>();

export interface PinAddressOptions {
  /**
   * Also writes a `moved` block from the address cdktf derives from the construct path, for a
   * resource that earlier releases left at that address: an existing deployment then keeps the
   * object (Terraform moves it in state) instead of replacing it. Where nothing is at the old
   * address, Terraform ignores the block.
   * @default false
   */
  readonly movedFromPathAddress?: boolean;
}

/**
 * Gives `resource` the fixed Terraform address `<type>.<logicalId>`. Call it right after creating
 * the resource, before anything reads its attributes.
 *
 * @throws ValidationError when the id is not a Terraform name or another resource of the same type
 * in the stack already has it (cdktf would silently merge the two into one resource)
 */
export function pinAddress(
  resource: TerraformResource,
  logicalId: string,
  options: PinAddressOptions = {},
): void {
  const address = `${resource.terraformResourceType}.${logicalId}`;
  if (!TERRAFORM_NAME.test(logicalId)) {
    throw new ValidationError(`invalid stable address for ${resource.node.path}`, [
      {
        path: `${resource.node.path}: logicalId`,
        value: logicalId,
        expected: "a Terraform name: a letter or '_' first, then letters, digits, '_' and '-'",
      },
    ]);
  }
  const stack = TerraformStack.of(resource);
  let addresses = addressesByStack.get(stack);
  if (!addresses) {
    addresses = new Map();
    addressesByStack.set(stack, addresses);
  }
  const holder = addresses.get(address);
  if (holder !== undefined) {
    throw new ValidationError(`duplicate stable address in stack ${stack.node.id}`, [
      {
        path: `${resource.node.path}: logicalId`,
        value: logicalId,
        expected: `an address not already taken by ${holder} (${address}); give the two objects different names`,
      },
    ]);
  }
  addresses.set(address, resource.node.path);
  resource.overrideLogicalId(logicalId);
  if (options.movedFromPathAddress) {
    // What cdktf derives from the construct path, whatever the override.
    const pathDerivedId = stack.getLogicalId(resource);
    if (pathDerivedId !== logicalId)
      new MovedBlock(resource, "moved-from-path-address", {
        from: `${resource.terraformResourceType}.${pathDerivedId}`,
        to: address,
      });
  }
  pinned.add(resource);
}

/**
 * A `moved` block as an element of its own. cdktf's `moveFromId` writes the same block, but also
 * makes every synth of the stack run `terraform version` (a validation of its own), which fails
 * where Terraform is not installed; synthesizing must not need Terraform (the README's first
 * command, the offline change guard). Terraform reads `moved` blocks since 1.1.
 */
class MovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly move: { readonly from: string; readonly to: string },
  ) {
    super(scope, id, "moved");
  }

  public override toTerraform(): { moved: { from: string; to: string }[] } {
    return { moved: [{ from: this.move.from, to: this.move.to }] };
  }

  public override toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({
      value,
      isBlock: false,
      type: "simple",
      storageClassType: "reference",
    });
    return { moved: [{ from: reference(this.move.from), to: reference(this.move.to) }] };
  }
}

/** Whether the resource's address is independent of its construct path. */
export function hasStableAddress(resource: TerraformResource): boolean {
  // A resource directly under its stack is addressed by its own construct id, which is as stable
  // as the id itself (a documented contract).
  return pinned.has(resource) || resource.node.scope === TerraformStack.of(resource);
}

/**
 * Returns a function that pins each resource it is given to `<prefix>_<its construct id>` and
 * writes a `moved` block from the address cdktf derived from the construct path: for constructs
 * whose objects earlier versions of this package left at path addresses. Apply it to a resource
 * right where it is created (`pin(new ConfigMapV1(this, "config", …))`).
 */
export function pinnedById(prefix: string): <T extends TerraformResource>(resource: T) => T {
  return (resource) => {
    pinAddress(resource, `${prefix}_${resource.node.id}`, { movedFromPathAddress: true });
    return resource;
  };
}

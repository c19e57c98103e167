import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkHarborProjectPath, HARBOR_GROUP_TYPES, HARBOR_MEMBER_ROLES } from "../../lib/harbor-rules";
import { checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** Config of {@link HarborProjectMemberUser} (`harbor_project_member_user`). */
export interface HarborProjectMemberUserConfig extends TerraformMetaArguments {
  /** The project's path id (`HarborProject.id`, `/projects/<n>`), not `projectId`. **ForceNew**. */
  readonly projectId: string;
  /** Harbor (or LDAP/OIDC) user name. **ForceNew**. */
  readonly userName: string;
  /** `projectadmin`, `maintainer`, `developer`, `guest` or `limitedguest`. */
  readonly role: string;
}

const USER_ATTRIBUTES: ResourceAttributes<HarborProjectMemberUserConfig> = {
  projectId: tf.string("project_id"),
  userName: tf.string("user_name"),
  role: tf.string("role"),
};

/**
 * A user's role in a project (`harbor_project_member_user`).
 *
 * @example
 * new HarborProjectMemberUser(stack, "ci-dev", { provider: primary, projectId: library.id, userName: "ci", role: "developer" });
 */
export class HarborProjectMemberUser extends TypedResource<HarborProjectMemberUserConfig> {
  static readonly tfResourceType = "harbor_project_member_user";

  constructor(scope: Construct, id: string, config: HarborProjectMemberUserConfig) {
    super(scope, id, HarborProjectMemberUser.tfResourceType, HARBOR_PROVIDER, config, USER_ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborProjectMemberUser.tfResourceType);
    checkHarborProjectPath(problems, problems.at("projectId"), known(config.projectId));
    checkOneOf(problems, problems.at("role"), known(config.role), HARBOR_MEMBER_ROLES);
    problems.throwIfInvalid();
  }

  /** `/projects/<p>/members/<m>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  get memberId(): number {
    return this.getNumberAttribute("member_id");
  }
}

/** Config of {@link HarborProjectMemberGroup} (`harbor_project_member_group`). */
export interface HarborProjectMemberGroupConfig extends TerraformMetaArguments {
  /** The project's path id (`HarborProject.id`, `/projects/<n>`), not `projectId`. **ForceNew**. */
  readonly projectId: string;
  /** `projectadmin`, `maintainer`, `developer`, `guest` or `limitedguest`. */
  readonly role: string;
  /** Group kind: `ldap`, `internal` or `oidc`. */
  readonly type: string;
  /** Group name (OIDC/internal groups). **ForceNew**. @default - use `groupId` */
  readonly groupName?: string;
  /** Existing Harbor user-group id. **ForceNew**. @default - use `groupName` */
  readonly groupId?: number;
  /** DN of an LDAP group. @default - none */
  readonly ldapGroupDn?: string;
}

const GROUP_ATTRIBUTES: ResourceAttributes<HarborProjectMemberGroupConfig> = {
  projectId: tf.string("project_id"),
  role: tf.string("role"),
  type: tf.string("type"),
  groupName: tf.string("group_name"),
  groupId: tf.number("group_id"),
  ldapGroupDn: tf.string("ldap_group_dn"),
};

/**
 * A group's role in a project (`harbor_project_member_group`).
 *
 * @example
 * new HarborProjectMemberGroup(stack, "platform-admins", {
 *   provider: primary, projectId: library.id, groupName: "platform", type: "oidc", role: "projectadmin",
 * });
 */
export class HarborProjectMemberGroup extends TypedResource<HarborProjectMemberGroupConfig> {
  static readonly tfResourceType = "harbor_project_member_group";

  constructor(scope: Construct, id: string, config: HarborProjectMemberGroupConfig) {
    super(scope, id, HarborProjectMemberGroup.tfResourceType, HARBOR_PROVIDER, config, GROUP_ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborProjectMemberGroup.tfResourceType);
    checkHarborProjectPath(problems, problems.at("projectId"), known(config.projectId));
    checkOneOf(problems, problems.at("role"), known(config.role), HARBOR_MEMBER_ROLES);
    checkOneOf(problems, problems.at("type"), known(config.type), HARBOR_GROUP_TYPES);
    problems.check(
      config.groupName !== undefined || config.groupId !== undefined,
      problems.at("groupName"),
      config.groupName,
      "a group name (or a groupId); the provider requires at least one",
    );
    problems.throwIfInvalid();
  }

  /** `/projects/<p>/members/<m>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  get memberId(): number {
    return this.getNumberAttribute("member_id");
  }
}

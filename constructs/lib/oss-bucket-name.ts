import { ProblemList } from "./validation";

/**
 * OSS bucket names are global across all Alibaba Cloud accounts and cannot be renamed: 3 to 63
 * characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit.
 * The provider checks only the length, so other mistakes fail at apply.
 */
export const OSS_BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export function checkOssBucketName(problems: ProblemList, path: string, name: string | undefined): boolean {
  if (name === undefined) return true;
  return problems.check(
    OSS_BUCKET_NAME_PATTERN.test(name),
    path,
    name,
    "3 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit",
  );
}

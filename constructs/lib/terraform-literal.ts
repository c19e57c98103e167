/**
 * Terraform reads `${...}` and `%{...}` inside every string of its configuration as template
 * interpolation and directives, also in `cdk.tf.json`. Text that must arrive verbatim (a script
 * in a ConfigMap, a rule file, Helm values) escapes them as `$${` and `%%{`, which Terraform
 * turns back into `${` and `%{`.
 *
 * Only for literal text: a string holding cdktf tokens (references) must not go through here.
 */
export function terraformLiteral(text: string): string {
  // Function replacements: in a replacement string, "$$" itself means one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** Applies {@link terraformLiteral} to every value of a string map, e.g. ConfigMap data. */
export function terraformLiterals(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, terraformLiteral(value)]));
}

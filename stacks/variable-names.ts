import { SiteConfig } from "../config/platform-config";

/**
 * Name of a site's own input variable, `<site>_<suffix>`, safe for Terraform and for shells
 * (`TF_VAR_<name>`): `-` becomes `_`, and a site name starting with a digit gets `site_` in front,
 * since a Terraform identifier must start with a letter or `_`. E.g. `hz_h_oss_access_key_id`,
 * `site_1a_oss_access_key_id`. Names of letter-first sites are unchanged by the prefix rule.
 */
export function siteVariableName(site: Pick<SiteConfig, "name">, suffix: string): string {
  const name = site.name.replace(/-/g, "_");
  return `${/^[0-9]/.test(name) ? "site_" : ""}${name}_${suffix}`;
}

/**
 * The sensitive variable holding a site's current Harbor admin password, declared by its platform
 * stack, e.g. `harbor_hz_h_admin_password` (always safe: it starts with `harbor_`).
 */
export function adminPasswordVariableName(site: Pick<SiteConfig, "name">): string {
  return `harbor_${site.name.replace(/-/g, "_")}_admin_password`;
}

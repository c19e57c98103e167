/**
 * Schedule strings Harbor and its Terraform provider accept without drifting.
 *
 * Harbor's cron has six fields, seconds first (harbor#19798). The provider maps `hourly`, `daily`,
 * `weekly` and their preset crons to Harbor's presets and reads them back capitalised
 * (`client/misc.go` `GetSchedule`), so anything but the capitalised preset or a non-preset custom
 * cron makes every plan show a change (reference/notes-harbor-provider.md G1).
 */

export const HARBOR_SCHEDULE_PRESETS = ["Hourly", "Daily", "Weekly"] as const;

/** Crons the provider silently turns into presets; written as crons they drift forever. */
const PRESET_CRONS: Readonly<Record<string, string>> = {
  "0 0 * * * *": "Hourly",
  "0 0 0 * * *": "Daily",
  "0 0 0 * * 0": "Weekly",
};

const CRON_FIELD = /^[0-9*\/,\-A-Za-z?]+$/;

/** Why `value` is not a 6-field Harbor cron (seconds first), or undefined when it is. */
export function cronProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "a 6-field cron string with seconds first (sec min hour dom mon dow)";
  const fields = value.trim().split(/\s+/);
  if (fields.length === 5 && fields.every((f) => CRON_FIELD.test(f))) {
    return `a 6-field cron with seconds first (sec min hour dom mon dow); did you mean "0 ${fields.join(" ")}"?`;
  }
  if (fields.length !== 6 || !fields.every((f) => CRON_FIELD.test(f))) {
    return 'a 6-field cron with seconds first (sec min hour dom mon dow), e.g. "0 0 3 * * 6"';
  }
  return undefined;
}

/** Why `value` is not a drift-free GC / audit-purge / scan-all schedule, or undefined when it is. */
export function harborScheduleProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `one of ${HARBOR_SCHEDULE_PRESETS.join(", ")} or a 6-field cron`;
  if ((HARBOR_SCHEDULE_PRESETS as readonly string[]).includes(value)) return undefined;
  const preset = HARBOR_SCHEDULE_PRESETS.find((p) => p.toLowerCase() === value.toLowerCase());
  if (preset)
    return `exactly "${preset}": the provider reads presets back capitalised, so "${value}" drifts on every plan`;
  const normalized = value.trim().split(/\s+/).join(" ");
  if (PRESET_CRONS[normalized]) {
    return `"${PRESET_CRONS[normalized]}": Harbor stores this cron as that preset, so the cron drifts on every plan`;
  }
  const problem = cronProblem(value);
  return problem ? `${HARBOR_SCHEDULE_PRESETS.join(", ")} or ${problem}` : undefined;
}

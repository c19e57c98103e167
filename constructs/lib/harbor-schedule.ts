import { ProblemList } from "./validation";

/**
 * Schedule strings of the Harbor provider, and the traps in them.
 *
 * - Harbor crons have **six** fields, seconds first: `sec min hour dom mon dow`, and Harbor's API
 *   requires the seconds field to be `0` (`utils.ValidateCronString` for GC, purge, scan-all and
 *   retention; the replication policy check, which also rejects `*` as the minutes field). A
 *   classic 5-field cron is rejected by the API at apply time, after the plan was approved.
 * - GC, audit-log purge, scan-all and retention schedules: the provider maps `hourly`/`daily`/`weekly`
 *   (any case) and the crons `0 0 * * * *`, `0 0 0 * * *`, `0 0 0 * * 0` to Harbor's presets and
 *   reads them back as `Hourly`/`Daily`/`Weekly`. Anything but those exact words or a non-preset
 *   cron shows a diff on every plan, forever.
 * - Replication: `manual`, `event_based` or a 6-field cron; `deletion` is only honoured with
 *   `event_based` (otherwise a permanent diff, provider issue #181).
 *
 * Sources: goharbor/harbor `src/common/utils/utils.go` (CronParser, ValidateCronString),
 * `src/controller/replication/model/model.go` (replication trigger check),
 * goharbor/terraform-provider-harbor `client/misc.go` (GetSchedule); notes-harbor-provider.md G1, G2.
 */

export const HARBOR_SCHEDULE_PRESETS = ["Hourly", "Daily", "Weekly"] as const;

export type HarborSchedulePreset = (typeof HARBOR_SCHEDULE_PRESETS)[number];

export const REPLICATION_TRIGGERS = ["manual", "event_based"] as const;

/** Crons the provider turns into presets (read back as the preset name). */
const PRESET_CRONS: Readonly<Record<string, HarborSchedulePreset>> = {
  "0 0 * * * *": "Hourly",
  "0 0 0 * * *": "Daily",
  "0 0 0 * * 0": "Weekly",
};

const CRON_SHAPE = "a 6-field cron with seconds first (sec min hour dom mon dow)";

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** robfig/cron v3 bounds, as Harbor's parser (Second|Minute|Hour|Dom|Month|Dow) uses them. */
const CRON_FIELDS: readonly CronField[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTH_NAMES },
  { name: "day-of-week", min: 0, max: 6, names: DAY_NAMES },
];

function fieldValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + (field.name === "month" ? 1 : 0);
}

/** Whether one field (`*`, `?`, `5`, `1-5`, `*\/10`, `MON-FRI`, lists of those) is valid. */
function isValidCronField(text: string, field: CronField): boolean {
  return text.split(",").every((item) => {
    const [range, step, ...extra] = item.split("/");
    if (extra.length > 0 || range === "") return false;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return false;
    if (range === "*" || range === "?") return true;
    const [startText, endText, ...more] = range.split("-");
    if (more.length > 0) return false;
    const start = fieldValue(startText, field);
    const end = endText === undefined ? start : fieldValue(endText, field);
    if (start === undefined || end === undefined) return false;
    return start >= field.min && end <= field.max && start <= end;
  });
}

function normalizeCron(expression: string): string[] {
  return expression.trim().split(/\s+/);
}

/** What is wrong with a cron: a reason, a corrected form, or both. */
export interface CronProblem {
  readonly reason?: string;
  readonly suggestion?: string;
}

/**
 * What is wrong with a Harbor cron, or `undefined` when it is valid. A 5-field cron, or one with
 * non-zero seconds, gets the corrected 6-field form as a suggestion.
 */
export function harborCronProblem(expression: string): CronProblem | undefined {
  const fields = normalizeCron(expression);
  if (fields.length === 5 && fields.every((text, i) => isValidCronField(text, CRON_FIELDS[i + 1]))) {
    return { suggestion: ["0", ...fields].join(" ") };
  }
  if (fields.length !== 6)
    return { reason: `it has ${fields.length} fields; e.g. "0 30 2 * * *" runs at 02:30 every day` };
  const bad = fields.findIndex((text, i) => !isValidCronField(text, CRON_FIELDS[i]));
  if (bad >= 0) {
    const field = CRON_FIELDS[bad];
    const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : "";
    return {
      reason: `the ${field.name} field ${JSON.stringify(fields[bad])} is not within ${field.min}-${field.max}${names}`,
    };
  }
  if (fields[0] !== "0") {
    return {
      reason: 'Harbor requires the seconds field to be "0"',
      suggestion: ["0", ...fields.slice(1)].join(" "),
    };
  }
  if (fields.join(" ") !== expression) {
    // Harbor splits on single spaces to find the seconds field; the provider reads back the string as sent.
    return { reason: "separate the fields with single spaces", suggestion: fields.join(" ") };
  }
  return undefined;
}

function describeProblem(allowed: string, problem: CronProblem): string {
  const reason = problem.reason ? `; ${problem.reason}` : "";
  const suggestion = problem.suggestion ? `; did you mean ${JSON.stringify(problem.suggestion)}?` : "";
  return `${allowed}${reason}${suggestion}`;
}

/** Why `value` is not a valid Harbor cron, or `undefined` when it is (for scheduled replication). */
export function cronProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return CRON_SHAPE;
  const problem = harborCronProblem(value);
  return problem === undefined ? undefined : describeProblem(CRON_SHAPE, problem);
}

/**
 * A replication policy's `schedule`: `manual`, `event_based` or a 6-field cron.
 */
export function checkReplicationSchedule(
  problems: ProblemList,
  path: string,
  schedule: string | undefined,
): boolean {
  if (schedule === undefined) return true;
  if ((REPLICATION_TRIGGERS as readonly string[]).includes(schedule)) return true;
  const triggers = `"manual", "event_based" or ${CRON_SHAPE}`;
  const trigger = schedule.trim().toLowerCase().replace(/[- ]/g, "_");
  if ((REPLICATION_TRIGGERS as readonly string[]).includes(trigger)) {
    problems.add(path, schedule, describeProblem(triggers, { suggestion: trigger }));
    return false;
  }
  if (!/^[\d*?/,\-A-Za-z\s]+$/.test(schedule) || !/[\d*?]/.test(schedule)) {
    problems.add(path, schedule, triggers);
    return false;
  }
  const problem = cronProblem(schedule);
  if (problem !== undefined) {
    problems.add(path, schedule, problem);
    return false;
  }
  // Harbor (controller/replication/model) refuses a replication that would start every minute.
  return problems.check(
    normalizeCron(schedule)[1] !== "*",
    path,
    schedule,
    `${CRON_SHAPE}; Harbor rejects "*" in the minutes field of a replication schedule, e.g. use "0 */10 * * * *"`,
  );
}

/**
 * Replication `deletion` is only honoured with the `event_based` trigger; with any other schedule
 * Harbor drops it and the plan never settles.
 */
export function checkReplicationDeletion(
  problems: ProblemList,
  path: string,
  deletion: boolean | undefined,
  schedule: string | undefined,
): boolean {
  if (deletion !== true || schedule === "event_based") return true;
  problems.add(
    path,
    deletion,
    `true only with schedule "event_based" (schedule is ${JSON.stringify(schedule ?? "manual")}); Harbor ignores it otherwise and the plan never settles`,
  );
  return false;
}

/**
 * Why `value` is not a drift-free schedule for a Harbor system job (garbage collection,
 * audit-log purge, scan-all, tag retention), or `undefined` when it is. Allowed: exactly `Hourly`,
 * `Daily`, `Weekly`, or a 6-field cron that is not one of the preset crons.
 */
export function harborScheduleProblem(value: unknown): string | undefined {
  const allowed = `"Hourly", "Daily", "Weekly" or ${CRON_SHAPE} that is not a preset cron`;
  if (typeof value !== "string") return allowed;
  if ((HARBOR_SCHEDULE_PRESETS as readonly string[]).includes(value)) return undefined;
  const word = value.trim().toLowerCase();
  const preset = HARBOR_SCHEDULE_PRESETS.find((name) => name.toLowerCase() === word);
  if (preset) {
    return `exactly ${JSON.stringify(preset)}: the provider reads presets back capitalised, so ${JSON.stringify(value)} drifts on every plan`;
  }
  if (word === "" || word === "none") {
    return describeProblem(allowed, {
      reason: "to have no schedule, leave the resource (or the optional field) out",
    });
  }
  if (word === "monthly") {
    return describeProblem(allowed, {
      reason: '"Monthly" is not a Harbor preset',
      suggestion: "0 0 0 1 * *",
    });
  }
  const problem = harborCronProblem(value);
  if (problem === undefined) {
    const presetOfCron = PRESET_CRONS[normalizeCron(value).join(" ")];
    return presetOfCron
      ? `${JSON.stringify(presetOfCron)}: Harbor stores this cron as that preset, so the cron drifts on every plan`
      : undefined;
  }
  const presetOfSuggestion = problem.suggestion === undefined ? undefined : PRESET_CRONS[problem.suggestion];
  return describeProblem(
    allowed,
    presetOfSuggestion ? { ...problem, suggestion: presetOfSuggestion } : problem,
  );
}

/** {@link harborScheduleProblem} as a check that adds the problem to `problems`. */
export function checkHarborJobSchedule(
  problems: ProblemList,
  path: string,
  schedule: string | undefined,
): boolean {
  if (schedule === undefined) return true;
  const problem = harborScheduleProblem(schedule);
  if (problem !== undefined) problems.add(path, schedule, problem);
  return problem === undefined;
}

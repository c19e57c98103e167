// The public API: every construct with its props, for reuse in other company stacks.
// Re-exports only; one concept per folder.
export * from "./guardrails";
export * from "./harbor-site";
export * from "./retained-disk";
export * from "./replication";
export * from "./policy";
export * from "./gateway";
// Day-2 operations (ops): alerting and the consistent site backup.
export * from "./alerting";
export * from "./backup";

// The public API: every construct with its props, for reuse in other company stacks.
// Re-exports only; one concept per folder.
export * from "./guardrails";
export * from "./harbor-site";
export * from "./retained-disk";
export * from "./replication";
export * from "./policy";
export * from "./gateway";

export * from "./replication-plan";
export * from "./site-replication";
export * from "./harbor-replication-pair";

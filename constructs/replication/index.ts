export * from "./replication-plan";
export * from "./replication-identity";
export * from "./site-replication";
export * from "./harbor-replication-pair";

export * from "./provider";
export * from "./registry";
export * from "./replication";
export * from "./project";
export * from "./robot-account";
export * from "./garbage-collection";
export * from "./purge-audit-log";

// Replication pair and registry policy (issue 5)
export * from "./replication";
export * from "./policy";

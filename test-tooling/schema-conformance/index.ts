export * from "./check";
export * from "./schemas";
export * from "./version-constraint";

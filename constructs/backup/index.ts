export * from "./backup-job";
export * from "./site-backup";

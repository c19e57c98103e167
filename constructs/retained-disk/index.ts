export * from "./disk-snapshot-policy";
export * from "./retained-disk";

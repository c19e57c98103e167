// Persistent Harbor site: retained disks, HarborSite, stateful-resource guardrails (issue 4)
export * from "./guardrails";
export * from "./harbor-site";
export * from "./retained-disk";

export * from "./stable-address";
export * from "./stateful";
export * from "./stateful-resource-guard";
export * from "./zone";

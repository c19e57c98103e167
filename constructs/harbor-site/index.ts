export * from "./harbor-chart";
export * from "./harbor-image-storage";
export * from "./harbor-secrets";
export * from "./harbor-site";
export * from "./render-harbor-values";

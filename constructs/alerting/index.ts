export * from "./alert-rules";
export * from "./monitoring-manifests";
export * from "./harbor-alerting";

export * from "./gateway-settings";
export * from "./render-nginx-config";
export * from "./nginx-failover-gateway";

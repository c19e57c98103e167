export * from "./gateway-settings";
export * from "./render-nginx-config";
export * from "./render-start-script";
export * from "./nginx-failover-gateway";

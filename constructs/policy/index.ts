export * from "./policy-plan";
export * from "./registry-policy";
export * from "./robot-account";
export * from "./robot-secrets";

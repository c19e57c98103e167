export * from "./gateway";

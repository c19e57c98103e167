/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }],
  },
  cacheDirectory: "<rootDir>/.cache/jest",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Real-process tests (nginx, registries, terraform) bind loopback ports and spawn processes;
  // they coordinate through unique ports, so files may run in parallel.
  maxWorkers: "100%",
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/closing-line-reporter.js"],
};

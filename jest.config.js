/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }],
  },
  cacheDirectory: "<rootDir>/.cache/jest",
  setupFiles: ["<rootDir>/test/plain-stack-traces.js"],
  // Real-process tests (nginx, registries, terraform) bind their own loopback ports and time real
  // failovers: one worker per core keeps their timing honest (4 workers finished the suite in 65 s
  // instead of 85 s, but made the fault-injection tests time-sensitive on 2 cores).
  maxWorkers: "100%",
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/closing-line-reporter.js"],
};

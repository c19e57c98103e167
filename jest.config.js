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
  // Real-process tests (nginx, registries, terraform) bind their own loopback ports and spend most
  // of their time waiting on timeouts and child processes, so twice as many workers as the 2 cores
  // overlap those waits: the whole suite takes about 65 s with 4 workers and 85 s with 2.
  maxWorkers: 4,
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/closing-line-reporter.js"],
};

const { availableParallelism } = require("node:os");

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
  testSequencer: "<rootDir>/test/slow-first-sequencer.js",
  // Half a worker more than cores: the gateway tests spend most of their time waiting on nginx's
  // timeouts, and a third worker on 2 cores fills that time (suite 55 s → 42-45 s; a fourth
  // gains nothing). Their timing stays honest: each binds its own loopback ports, and the
  // readiness race that once looked like load sensitivity is fixed (start-readiness.test.ts).
  // (A number: jest reads "150%" as 150 workers.)
  maxWorkers: Math.max(2, Math.round(availableParallelism() * 1.5)),
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/closing-line-reporter.js"],
};

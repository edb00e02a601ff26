/** Transpile-only (swc): type checking is `npm run typecheck`, kept out of the test loop for speed. */
const os = require("os");

module.exports = {
  // Node, lending the in-process pack Node's own require (test/helpers/environment.js).
  testEnvironment: "<rootDir>/test/helpers/environment.js",
  // jest's default (cores - 1) is one worker on a 2-core machine, idle while a file waits on its
  // captures and packs; two finish test/policies in 0.6-0.7x the time there (docs/performance.md).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // The Pulumi SDK's closure-serializer modules, loaded on first use instead of with the SDK by every
  // test file (gate/bin/deferred-sdk-modules.js; the capture worker does the same).
  moduleNameMapper: {
    "^(\\.\\.?/)+typescript-shim$": "<rootDir>/test/helpers/deferred-sdk/typescript-shim.js",
    "^@npmcli/arborist$": "<rootDir>/test/helpers/deferred-sdk/arborist.js",
  },
  testTimeout: 60000,
};

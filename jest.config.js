/** Transpile-only (swc): type checking is `npm run typecheck`, kept out of the test loop for speed. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 60000,
};

// jest's Node environment, lending the test files Node's own `createRequire`. jest gives each test
// file a module registry of its own, and its `module.createRequire` loads into that registry; the
// in-process policy pack (gate/analyzer/in-process-transport.ts) uses the real one, so the pack, its
// SDKs and what it was last configured with are loaded once per jest worker, as once per gate
// process, instead of once per test file (~0.4 s a file, 125 files). Only the pack's side is shared:
// the gate's side of every analysis is still each test file's own.
const { TestEnvironment } = require("jest-environment-node");
const { createRequire } = require("module");

class SharedPackEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__nodeCreateRequire = createRequire;
  }
}

module.exports = SharedPackEnvironment;

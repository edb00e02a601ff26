// jest's module loader bypasses Module._load, so jest.config.js maps the SDK's request here instead
// (gate/bin/deferred-sdk-modules.js says why and what it changes: nothing but when the module loads).
const path = require("path");
const { deferredModule } = require("../../../gate/bin/deferred-sdk-modules");

module.exports = deferredModule(
  () => require(path.resolve(__dirname, "../../../node_modules/@npmcli/arborist")),
  { esModule: true },
);

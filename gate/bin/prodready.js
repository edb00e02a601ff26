#!/usr/bin/env node
require("./register");
const cli = require("../cli.ts");
cli.installSignalHandlers();
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

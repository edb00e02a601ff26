#!/usr/bin/env node
// In the installed package the gate is compiled JavaScript (cli.js); in this repository it runs
// from its TypeScript sources through the transpile-only loader.
const fs = require("fs");
const path = require("path");
const compiled = fs.existsSync(path.join(__dirname, "..", "cli.js"));
if (!compiled) require("./register");
const cli = require(compiled ? "../cli.js" : "../cli.ts");
cli.installSignalHandlers();
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

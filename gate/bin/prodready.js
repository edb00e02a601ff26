#!/usr/bin/env node
require("./register");
require("../cli.ts")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

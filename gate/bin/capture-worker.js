#!/usr/bin/env node
// The capture process: plain (unmapped) stack traces keep the program fast; source lines are
// mapped once per registration from the kept source maps instead.
globalThis.__prodreadyPlainStacks = true;
require("./register");
require("../capture/worker.ts");

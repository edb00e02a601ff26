#!/usr/bin/env node
require("./register");
require("../capture/worker.ts");

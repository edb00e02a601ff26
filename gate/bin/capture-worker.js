#!/usr/bin/env node
// The capture process: plain (unmapped) stack traces keep the program fast; source lines are
// mapped once per registration from the kept source maps instead. The loader compiles the user's
// TypeScript program; the worker itself is worker.js in the installed package, worker.ts here. The SDK's
// closure-serializer modules load when a program first serializes a function, not with the SDK.
globalThis.__prodreadyPlainStacks = true;
require("./deferred-sdk-modules").deferSdkModules();
require("./register");
require("../capture/worker");

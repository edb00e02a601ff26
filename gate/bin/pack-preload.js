// Preloaded (`-r`) into the policy pack the gate spawns. The pack's Pulumi SDK loads the TypeScript
// compiler and npm's Arborist for its closure serializer, and its Automation API, none of which a
// policy pack uses: deferred to their first use (gate/bin/deferred-sdk-modules.js), the pack prints
// its port in ~0.23 s instead of ~0.62 s (docs/performance.md). The Pulumi CLI starts a pack without
// it; the pack's answers are the same either way.
require("./deferred-sdk-modules").deferSdkModules();

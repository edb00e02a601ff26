// The floor: what any Node policy pack pays before its first policy (Node, @pulumi/policy, @pulumi/pulumi).
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("empty-pack", { policies: [] });

// @pulumi/awsguard as its README configures it, with every policy mandatory.
const { AwsGuard } = require("@pulumi/awsguard");
new AwsGuard({ all: "mandatory" });

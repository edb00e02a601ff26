/**
 * The pack's contents, separate from index.ts (which serves it) so tooling and tests can load the
 * policies without starting a gRPC server.
 */
import type { PolicyPackArgs } from "@pulumi/policy";
import { databasePolicies } from "./rules/database";
import { backupsPolicies } from "./rules/backups";
import { edgePolicies } from "./rules/edge";
import { networkPolicies } from "./rules/network";
import { appPolicies } from "./rules/app";
import { logsPolicies } from "./rules/logs";
import { monitoringPolicies } from "./rules/monitoring";
import { storagePolicies } from "./rules/storage";
import { secretsPolicies } from "./rules/secrets";
import { postgresPolicies } from "./rules/postgres";
import { computePolicies } from "./rules/compute";
import { iamPolicies } from "./rules/iam";
import { lambdaPolicies } from "./rules/lambda";
import { apigatewayPolicies } from "./rules/apigateway";

export const PACK_NAME = "production-readiness";

export const policies = [
  ...databasePolicies,
  ...backupsPolicies,
  ...edgePolicies,
  ...networkPolicies,
  ...appPolicies,
  ...logsPolicies,
  ...monitoringPolicies,
  ...storagePolicies,
  ...secretsPolicies,
  ...postgresPolicies,
  ...computePolicies,
  ...iamPolicies,
  ...lambdaPolicies,
  ...apigatewayPolicies,
];

export const packArgs: PolicyPackArgs = {
  displayName: "Production readiness: Django + PostgreSQL + Next.js on AWS",
  description:
    "Enforces the production-readiness checklist wherever infrastructure can express it, on any AWS stack.",
  provider: "aws",
  tags: ["production-readiness", "aws", "postgresql"],
  // Fail closed: unconfigured, every policy blocks; the environment profiles in config/ relax some.
  enforcementLevel: "mandatory",
  policies,
};

// The program under mocks with stacks/Pulumi.dev.yaml: the small, cheap shape (pgBouncer, one NAT, single-AZ database).
import { describeProgram } from "./program-assertions";

describeProgram({
  stack: "dev",
  appDomain: "dev.prodready.example",
  apiDomain: "api.dev.prodready.example",
  zones: 2,
  natGateways: 1,
  multiAz: false,
  deletionProtection: false,
  albDeletionProtection: false,
  backupRetentionDays: 7,
  pooling: "pgbouncer",
  djangoDesiredCount: 1,
  nextjsDesiredCount: 1,
  logRetentionDays: 30,
  secretRecoveryWindowDays: 7,
});

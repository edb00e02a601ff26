// The program under mocks with stacks/Pulumi.staging.yaml: production's shape at a smaller size.
import { describeProgram } from "./program-assertions";

describeProgram({
  stack: "staging",
  appDomain: "staging.prodready.example",
  apiDomain: "api.staging.prodready.example",
  zones: 3,
  natGateways: 1,
  multiAz: false,
  deletionProtection: true,
  albDeletionProtection: false,
  backupRetentionDays: 14,
  pooling: "rds-proxy",
  djangoDesiredCount: 2,
  nextjsDesiredCount: 2,
  logRetentionDays: 30,
  secretRecoveryWindowDays: 7,
  alarmEmail: "ops@prodready.example",
});

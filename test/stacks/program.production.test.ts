// The program under mocks with stacks/Pulumi.production.yaml: where production differs from dev, it is asserted here.
import { describeProgram } from "./program-assertions";

describeProgram({
  stack: "production",
  appDomain: "app.prodready.example",
  apiDomain: "api.prodready.example",
  zones: 3,
  natGateways: 3,
  multiAz: true,
  deletionProtection: true,
  albDeletionProtection: true,
  backupRetentionDays: 14,
  pooling: "rds-proxy",
  djangoDesiredCount: 3,
  nextjsDesiredCount: 2,
  logRetentionDays: 90,
  secretRecoveryWindowDays: 30,
  alarmEmail: "oncall@prodready.example",
});

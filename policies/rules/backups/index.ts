import { backupPlanCoverage } from "./backup-plan-coverage";
import { backupRestoreTesting } from "./backup-restore-testing";

export const backupsPolicies = [backupPlanCoverage, backupRestoreTesting];

import { dbConnectionPooling } from "./db-connection-pooling";
import { rdsBackupRetention } from "./rds-backup-retention";

export const databasePolicies = [rdsBackupRetention, dbConnectionPooling];

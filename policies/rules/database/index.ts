import { dbConnectionPooling } from "./db-connection-pooling";
import { dynamodbDeletionProtection } from "./dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "./dynamodb-point-in-time-recovery";
import { rdsBackupRetention } from "./rds-backup-retention";
import { rdsDeletionSafety } from "./rds-deletion-safety";
import { rdsEngineSupported } from "./rds-engine-supported";
import { rdsForceTls } from "./rds-force-tls";
import { rdsManagedCredentials } from "./rds-managed-credentials";
import { rdsMultiAz } from "./rds-multi-az";
import { rdsNoSensitiveLogging } from "./rds-no-sensitive-logging";
import { rdsNotPublic } from "./rds-not-public";
import { rdsPostgresEngine } from "./rds-postgres-engine";
import { rdsQueryMonitoring } from "./rds-query-monitoring";
import { rdsStorageEncrypted } from "./rds-storage-encrypted";

export const databasePolicies = [
  rdsBackupRetention,
  dbConnectionPooling,
  rdsPostgresEngine,
  rdsStorageEncrypted,
  rdsDeletionSafety,
  rdsMultiAz,
  rdsNotPublic,
  rdsForceTls,
  rdsQueryMonitoring,
  rdsNoSensitiveLogging,
  rdsManagedCredentials,
  rdsEngineSupported,
  dynamodbPointInTimeRecovery,
  dynamodbDeletionProtection,
];

import { s3PrivateStorage } from "./s3-private-storage";
import { s3TlsOnly } from "./s3-tls-only";

export const storagePolicies = [s3PrivateStorage, s3TlsOnly];

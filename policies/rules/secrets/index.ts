import { noPlaintextSecrets } from "./no-plaintext-secrets";
import { secretsManagerHygiene } from "./secrets-manager-hygiene";
import { noWeakSecrets } from "./no-weak-secrets";

export const secretsPolicies = [noPlaintextSecrets, secretsManagerHygiene, noWeakSecrets];

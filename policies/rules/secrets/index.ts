import { noPlaintextSecrets } from "./no-plaintext-secrets";
import { secretsManagerHygiene } from "./secrets-manager-hygiene";

export const secretsPolicies = [noPlaintextSecrets, secretsManagerHygiene];

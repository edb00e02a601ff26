export const backupsPolicies = [];

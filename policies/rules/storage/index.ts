export const storagePolicies = [];

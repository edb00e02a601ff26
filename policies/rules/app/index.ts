export const appPolicies = [];

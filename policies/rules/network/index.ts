export const networkPolicies = [];

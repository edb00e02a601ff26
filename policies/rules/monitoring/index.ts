export const monitoringPolicies = [];

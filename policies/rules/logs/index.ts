export const logsPolicies = [];

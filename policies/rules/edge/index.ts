export const edgePolicies = [];

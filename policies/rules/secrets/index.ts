export const secretsPolicies = [];

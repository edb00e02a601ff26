export const postgresPolicies = [];

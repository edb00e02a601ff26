import { logGroupRetention } from "./log-group-retention";

export const logsPolicies = [logGroupRetention];

import { pgGrantLeastPrivilege } from "./pg-grant-least-privilege";
import { pgProviderTls } from "./pg-provider-tls";
import { pgRoleLeastPrivilege } from "./pg-role-least-privilege";

export const postgresPolicies = [pgRoleLeastPrivilege, pgGrantLeastPrivilege, pgProviderTls];

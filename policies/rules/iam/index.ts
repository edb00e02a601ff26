import { iamLeastPrivilege } from "./iam-least-privilege";
import { iamWorkloadAdminPolicies } from "./iam-workload-admin-policies";

export const iamPolicies = [iamLeastPrivilege, iamWorkloadAdminPolicies];

import { sgNoPublicIngress } from "./sg-no-public-ingress";

export const networkPolicies = [sgNoPublicIngress];

import { lambdaFunctionUrlAuth } from "./lambda-function-url-auth";
import { lambdaPermissionScoped } from "./lambda-permission-scoped";
import { lambdaLogRetention } from "./lambda-log-retention";
import { lambdaRuntimeSupported } from "./lambda-runtime-supported";

export const lambdaPolicies = [
  lambdaFunctionUrlAuth,
  lambdaPermissionScoped,
  lambdaLogRetention,
  lambdaRuntimeSupported,
];

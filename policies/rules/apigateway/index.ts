import { apigatewayAccessLogging } from "./apigateway-access-logging";
import { apigatewayThrottling } from "./apigateway-throttling";
import { apigatewayWaf } from "./apigateway-waf";

export const apigatewayPolicies = [apigatewayAccessLogging, apigatewayThrottling, apigatewayWaf];

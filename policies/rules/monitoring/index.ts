import { monitoringAlarms } from "./monitoring-alarms";
import { uptimeMonitoring } from "./uptime-monitoring";

export const monitoringPolicies = [monitoringAlarms, uptimeMonitoring];

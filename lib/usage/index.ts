import "server-only";
export {
  loadMonthlyUsage,
  monthBounds,
  USAGE_METRICS,
  usageTenantSelect,
  type MonthlyUsage,
  type UsageLine,
  type UsageLineKey,
  type UsageMetric,
  type UsageTenant,
} from "./monthly-usage";

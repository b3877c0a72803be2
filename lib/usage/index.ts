export {
  loadMonthlyUsage,
  monthBounds,
  USAGE_METRICS,
  type MonthlyUsage,
  type UsageLine,
  type UsageLineKey,
  type UsageMetric,
} from "./monthly-usage";

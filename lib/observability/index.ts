import "server-only";
export { logger, describeError, useLogDestination } from "./logger";
export { metrics, registerPoolMetrics, registerJobQueueDepth, renderMetrics, metricsContentType, type PoolStats } from "./metrics";
export {
  runInRequestScope,
  currentRequestScope,
  currentDeadline,
  untilDeadline,
  attributeRequestToTenant,
  DeadlineExceededError,
  type RequestScope,
} from "./request-scope";
export { runRequest, routePattern, requestDeadlineMs, requestsInFlight, type RequestMeta } from "./request-lifecycle";
export { installGracefulShutdown, isShuttingDown, type GracefulShutdownOptions } from "./graceful-shutdown";
export { errorCodes, errorMessages, type ErrorCodes } from "./error-codes";
export { serveMetrics } from "./metrics-endpoint";

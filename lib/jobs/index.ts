import "server-only";
export { registerJob, registeredJobs, type JobContext, type JobHandler, type JobOptions, type JobTenant } from "./registry";
export { createJobRunner, type JobRunner, type JobRunnerOptions, type RunSummary } from "./runner";
export { createManualClock, periodKey, systemClock, type Clock, type ManualClock, type Every } from "./clock";

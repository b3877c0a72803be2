import "server-only";
export { loadSetupChecklist, SETUP_STEPS, SETUP_STEP_PAGES, REHEARSAL_ACTION, type SetupChecklist, type SetupStep } from "./setup-checklist";
export { rehearseTurn, rehearsalTurnSchema, type RehearsalReply } from "./rehearsal";

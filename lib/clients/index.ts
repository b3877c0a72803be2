import "server-only";
export { clientSchema, clientSearchSchema, type ClientInput, type ClientData } from "./client-schemas";
export {
  searchClients,
  getClientProfile,
  createClient,
  updateClient,
  type ClientSummary,
  type ClientProfile,
  type ConversationSummary,
} from "./client-directory";
export { eraseClient, type ErasureCounts } from "./client-erasure";

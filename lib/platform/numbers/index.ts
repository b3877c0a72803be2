import "server-only";
export {
  NUMBER_CHANNELS,
  listNumberInventory,
  assignNumber,
  moveNumber,
  releaseNumber,
  e164Schema,
  numberChannelSchema,
  type InventoryNumber,
  type NumberChannel,
} from "./number-inventory";

import "server-only";
export { ApiError, errorResponse, errorBodyFromZod, type ApiErrorCode, type ApiErrorBody } from "./api-error";
export { assertStorableText } from "./storable-text";
export { readFormOrJsonBody } from "./form-or-json-body";
export { decodeKeysetCursor, encodeKeysetCursor, pageOf, type KeysetPosition } from "./keyset-cursor";

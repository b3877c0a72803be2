import "server-only";
export { ApiError, apiErrorStatus, errorResponse, errorBodyFromZod, failureOf, RETRY_AFTER_SECONDS, type ApiErrorCode, type ApiErrorBody, type Failure } from "./api-error";
export { serveRequest } from "./serve-request";
export { assertStorableText } from "./storable-text";
export { readFormOrJsonBody } from "./form-or-json-body";
export { decodeKeysetCursor, encodeKeysetCursor, pageOf, type KeysetPosition } from "./keyset-cursor";

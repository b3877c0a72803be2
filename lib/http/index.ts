export { ApiError, errorResponse, errorBodyFromZod, type ApiErrorCode, type ApiErrorBody } from "./api-error";

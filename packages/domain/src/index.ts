export { AppError, AppErrorCode, type AppErrorOptions, isAppError } from "./errors/app-error.ts";

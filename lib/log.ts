import pino from "pino";
import { currentRequestId } from "./request-context";

// Paths whose values must never reach a log line, whatever object they sit in.
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "authToken",
  "*.authToken",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["x-vapi-secret"]',
  'headers["x-twilio-signature"]',
  "*.headers.authorization",
  "*.headers.cookie",
];

function createLogger() {
  return pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "luneo" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

const globalForLog = globalThis as unknown as { luneoLog?: pino.Logger };

export const log: pino.Logger = (globalForLog.luneoLog ??= createLogger());
export type Logger = pino.Logger;

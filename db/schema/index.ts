// The one barrel file: drizzle-kit and the db client read every table from here.
export * from "./tenancy";
export * from "./api-keys";
export * from "./audit";
export * from "./rate-limits";
export * from "./channels";
export * from "./webhooks";
export * from "./contacts";
export * from "./conversations";
export * from "./domain-events";
export * from "./verticals";
export * from "./memory";
export * from "./mail";
export * from "./account-tokens";
export * from "./platform";
export * from "./roi";

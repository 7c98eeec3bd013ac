import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

// The actions the agent (and API keys, and people) can run: lib/agent-actions. The registry of
// actions is code; what an org chose (enabled, approval, configuration) is `action_settings`;
// every execution, dry-runs included, is a row of `action_executions` (the journal); the ticket
// executor writes `tasks`.

const ts = () => timestamp({ withTimezone: true, precision: 3 });

export const ACTION_SOURCES = ["agent", "api", "user"] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export const EXECUTION_STATUSES = [
  "succeeded",
  "failed",
  "queued",
  "pending_approval",
  "declined",
  "refused",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const actionSettings = pgTable(
  "action_settings",
  {
    orgId: tenantOrgId(),
    action: text().notNull(),
    enabled: boolean().notNull().default(false),
    /** Null: the action's own risk class decides (needs approval or not). */
    requireApproval: boolean(),
    /** The action's configuration (sender signature, assignee, transfer number, webhook URL…). */
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** A secret the action signs with (webhook_call), sealed with LUNEO_ENCRYPTION_KEY. */
    secretCiphertext: text(),
    updatedAt: ts().notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.action] }),
    index("action_settings_updated_by_idx").on(t.orgId, t.updatedBy),
  ],
);

export const actionExecutions = pgTable(
  "action_executions",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    action: text().notNull(),
    source: text({ enum: ACTION_SOURCES }).notNull(),
    /** The user id, API key id or the system actor's name. */
    actorId: text().notNull(),
    /** `vapi:<call id>:<tool call id>` or `api:<key id>:<Idempotency-Key>`: one execution each. */
    idempotencyKey: text(),
    /** sha256 of the canonical request, to refuse a different body under the same key. */
    requestHash: text(),
    dryRun: boolean().notNull().default(false),
    status: text({ enum: EXECUTION_STATUSES }).notNull(),
    /** The input with personal data and secrets masked: what the journal shows. */
    input: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The input as given, kept only while the execution waits (approval, queued delivery). */
    pendingInput: jsonb().$type<Record<string, unknown>>(),
    /** One sentence the agent can say and the journal shows. */
    result: text().notNull(),
    /** What the action did or would do (masked), e.g. the email as sent, the contact's diff. */
    effect: jsonb().$type<Record<string, unknown>>(),
    /** Failures only: why, in words. */
    error: text(),
    durationMs: integer(),
    contactId: uuid(),
    callId: text(),
    attempts: integer().notNull().default(0),
    createdAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
    decidedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: ts(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("action_executions_org_idempotency_key").on(t.orgId, t.idempotencyKey),
    index("action_executions_org_created_idx").on(t.orgId, t.createdAt.desc(), t.id),
    index("action_executions_org_status_idx").on(t.orgId, t.status, t.createdAt.desc()),
    index("action_executions_decided_by_idx").on(t.orgId, t.decidedBy),
  ],
);

/** A destination's circuit breaker (webhook_call): consecutive failures and when it may try again. */
export const actionCircuits = pgTable(
  "action_circuits",
  {
    orgId: tenantOrgId(),
    /** The URL's origin, e.g. https://crm.example.com. */
    destination: text().notNull(),
    failures: integer().notNull().default(0),
    openUntil: ts(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.destination] })],
);

export const TASK_STATUSES = ["open", "done"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

// A follow-up for the team ("call Mrs Martin back about the flat").
export const tasks = pgTable(
  "tasks",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    contactId: uuid(),
    title: text().notNull(),
    details: text(),
    assigneeId: uuid().references(() => users.id, { onDelete: "set null" }),
    dueAt: ts(),
    status: text({ enum: TASK_STATUSES }).notNull().default("open"),
    /** The action execution that created it, when an action did. */
    executionId: uuid(),
    createdAt: ts().notNull().defaultNow(),
    completedAt: ts(),
    completedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("tasks_org_status_due_idx").on(t.orgId, t.status, t.dueAt, t.id),
    index("tasks_org_assignee_idx").on(t.orgId, t.assigneeId),
    index("tasks_org_contact_idx").on(t.orgId, t.contactId),
    index("tasks_completed_by_idx").on(t.orgId, t.completedBy),
  ],
);

export type ActionSettingsRow = typeof actionSettings.$inferSelect;
export type ActionExecution = typeof actionExecutions.$inferSelect;
export type Task = typeof tasks.$inferSelect;

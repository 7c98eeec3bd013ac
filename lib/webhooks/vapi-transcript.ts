import { z } from "zod";
import { canonicalJson } from "@/lib/json";
import type { TranscriptTurn } from "./facts";
import type { VapiToolCall } from "./vapi-essentials";

// Reading a call's turns from VAPI: artifact.messages (role "bot" is the assistant), legacy
// top-level messages, or a plain "AI: … / User: …" transcript text.

const text = z.string().optional().catch(undefined);
const num = z.number().optional().catch(undefined);
const list = z.array(z.unknown()).optional().catch(undefined);

export function toDate(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === "") return undefined;
  // VAPI's timestamp is ms since epoch today; older payloads and some SDKs document ISO strings.
  const date = new Date(typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const TurnSchema = z.looseObject({
  role: text,
  message: text,
  content: text,
  time: num,
  secondsFromStart: num,
  toolCalls: list,
  result: z.unknown().optional(),
  name: text,
});

export function toTurns(items: unknown[] | undefined): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  for (const item of items ?? []) {
    const parsed = TurnSchema.safeParse(item);
    if (!parsed.success) continue;
    const t = parsed.data;
    const role = mapRole(t.role);
    if (!role) continue;
    const content =
      t.role === "tool_calls"
        ? describeToolCalls(t.toolCalls)
        : t.role === "tool_call_result"
          ? stringify(t.result)
          : (t.message ?? t.content ?? "");
    if (!content.trim()) continue;
    const turn: TranscriptTurn = { role, content };
    const at = t.time !== undefined ? toDate(t.time) : undefined;
    if (at) turn.at = at;
    if (t.secondsFromStart !== undefined) turn.secondsFromStart = t.secondsFromStart;
    turns.push(turn);
  }
  return turns;
}

// VAPI's own message log says "bot" for the assistant; the OpenAI-formatted copy says "assistant".
export function mapRole(role: string | undefined): TranscriptTurn["role"] | undefined {
  switch (role) {
    case "user":
      return "user";
    case "bot":
    case "assistant":
      return "assistant";
    case "system":
      return "system";
    case "tool":
    case "tool_calls":
    case "tool_call_result":
    case "function":
      return "tool";
    default:
      return undefined;
  }
}

function describeToolCalls(calls: unknown[] | undefined): string {
  return extractToolCalls(calls ?? [])
    .map((c) => `${c.name}(${stringify(c.arguments)})`)
    .join("\n");
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : canonicalJson(value);
}

/** `artifact.transcript` is "AI: …\nUser: …"; a line without a speaker continues the previous. */
export function parseTranscriptText(value: string | undefined): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  for (const line of (value ?? "").split(/\r?\n/)) {
    const match = /^\s*(AI|Assistant|Bot|User|Customer|System)\s*:\s*(.*)$/i.exec(line);
    if (match) {
      const speaker = match[1]!.toLowerCase();
      const role =
        speaker === "user" || speaker === "customer"
          ? "user"
          : speaker === "system"
            ? "system"
            : "assistant";
      turns.push({ role, content: match[2]!.trim() });
    } else if (line.trim() && turns.length > 0) {
      const last = turns[turns.length - 1]!;
      last.content = `${last.content}\n${line.trim()}`;
    }
  }
  return turns.filter((t) => t.content.length > 0);
}

export function firstNonEmpty<T>(...lists: T[][]): T[] {
  return lists.find((l) => l.length > 0) ?? [];
}

// The API reference gives `{ id, type, function: { name, arguments } }` with arguments as a JSON
// string; the tools guide shows `{ id, name, arguments: {…} }`, and toolWithToolCallList examples
// put them in `function.parameters`. Accept all three; calls without id or name cannot be
// answered, so they are left out.
export function extractToolCalls(items: unknown[]): VapiToolCall[] {
  const calls: VapiToolCall[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const id = typeof item.id === "string" ? item.id : undefined;
    const name =
      pathString(item, "function", "name") ??
      (typeof item.name === "string" ? item.name : undefined);
    if (!id || !name) continue;
    const fn = isRecord(item.function) ? item.function : {};
    const raw = fn.arguments ?? item.arguments ?? fn.parameters ?? {};
    calls.push({ id, name, arguments: typeof raw === "string" ? parseJsonOr(raw) : raw });
  }
  return calls;
}

export function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function pathString(
  value: Record<string, unknown>,
  key: string,
  inner: string,
): string | undefined {
  const child = value[key];
  const v = isRecord(child) ? child[inner] : undefined;
  return typeof v === "string" ? v : undefined;
}

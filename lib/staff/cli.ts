import "server-only";
import { parseArgs } from "node:util";
import { API_SCOPE_NAMES } from "@/lib/api-keys/scopes";
import { AppError } from "@/lib/errors";
import type { Operator } from "./actor";
import { createOrgWithOwnerInvitation, issueApiKeyForOrg } from "./provisioning";
import { grantStaff, revokeStaff } from "./staff";

// `npm run staff -- <command>`: what scripts/staff.ts runs, kept here so tests call it directly.
// Every command is audited in platform_audit_log under the operator's name (docs/adr/0011).

export const STAFF_USAGE = `Usage: npm run staff -- <command>

  grant <email>                                   make an existing account Luneo staff
  revoke <email>                                  take the staff role away
  create-org --name <name> --owner-email <email>  a new org and its owner's invitation (JSON)
  api-key --org <org id> --scopes <a,b> [--name <name>]
                                                  an API key for the org, printed once (JSON)

Scopes: ${API_SCOPE_NAMES.join(", ")}`;

export type CommandOutcome = { exitCode: number; stdout: string; stderr: string };

// The flags a field error is about, so a refusal names what the operator typed.
const FLAG_OF_FIELD: Record<string, string> = {
  name: "--name",
  ownerEmail: "--owner-email",
  orgId: "--org",
  scopes: "--scopes",
};

class UsageError extends Error {}

const scopeList = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function describeRefusal(error: AppError, argv: string[]): string {
  const lines = Object.entries(error.fieldErrors ?? {}).flatMap(([field, messages]) => {
    const [name = "", index] = field.split(".");
    const flag = FLAG_OF_FIELD[name] ?? field;
    // "scopes.1": say which one, and which exist.
    if (name === "scopes" && index !== undefined) {
      const given = scopeList(argv[argv.indexOf("--scopes") + 1])[Number(index)];
      return messages.map(
        (m) => `${flag}: ${m} "${given}" is not one of ${API_SCOPE_NAMES.join(", ")}.`,
      );
    }
    return messages.map((m) => `${flag}: ${m}`);
  });
  return lines.length > 0 ? lines.join("\n") : error.message;
}

function flags(args: string[], options: Record<string, { type: "string" }>) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values as Record<
      string,
      string | undefined
    >;
  } catch (error) {
    // Node's own wording ("Unknown option '--x'. To specify a positional argument…"): the first
    // sentence is the useful one.
    const first = (error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, "");
    throw new UsageError(`${first}.`);
  }
}

function onlyEmail(command: string, args: string[]): string {
  const [email, ...rest] = args;
  if (!email || rest.length > 0)
    throw new UsageError(`Give one email: npm run staff -- ${command} <email>`);
  return email;
}

async function run(argv: string[], operator: Operator): Promise<string> {
  const [command, ...args] = argv;
  switch (command) {
    case "grant": {
      const result = await grantStaff(operator, onlyEmail("grant", args));
      return result.changed
        ? `${result.email} is now Luneo staff.`
        : `${result.email} was already Luneo staff; nothing changed.`;
    }
    case "revoke": {
      const result = await revokeStaff(operator, onlyEmail("revoke", args));
      return result.changed
        ? `${result.email} is no longer Luneo staff.`
        : `${result.email} was not Luneo staff; nothing changed.`;
    }
    case "create-org": {
      const v = flags(args, { name: { type: "string" }, "owner-email": { type: "string" } });
      const created = await createOrgWithOwnerInvitation(operator, {
        name: v.name ?? "",
        ownerEmail: v["owner-email"] ?? "",
      });
      return JSON.stringify(created, null, 2);
    }
    case "api-key": {
      const v = flags(args, {
        org: { type: "string" },
        scopes: { type: "string" },
        name: { type: "string" },
      });
      const issued = await issueApiKeyForOrg(operator, {
        orgId: v.org ?? "",
        name: v.name ?? "Set up by Luneo staff",
        scopes: scopeList(v.scopes),
      });
      return JSON.stringify(issued, null, 2);
    }
    case undefined:
    case "help":
    case "--help":
      return STAFF_USAGE;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Runs one command; refusals come back as a sentence on stderr with exit code 1, never a trace. */
export async function runStaffCommand(argv: string[], operator: Operator): Promise<CommandOutcome> {
  try {
    return { exitCode: 0, stdout: await run(argv, operator), stderr: "" };
  } catch (error) {
    if (error instanceof UsageError) {
      return { exitCode: 1, stdout: "", stderr: `${error.message}\n\n${STAFF_USAGE}` };
    }
    if (error instanceof AppError)
      return { exitCode: 1, stdout: "", stderr: describeRefusal(error, argv) };
    throw error;
  }
}

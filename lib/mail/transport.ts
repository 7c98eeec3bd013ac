import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

// One SMTP transport per URL and process. Timeouts are short: a job holds its message's row while
// it talks to the server, and pg-boss retries a failed attempt later anyway.
const transports = new Map<string, Transporter>();

export function smtpTransport(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      // nodemailer's own logger stays off: it would print addresses and bodies.
      logger: false,
      debug: false,
    } as nodemailer.TransportOptions);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** The From of every message. */
export function mailFrom(): string {
  const { MAIL_FROM, PUBLIC_URL } = env();
  return MAIL_FROM ?? `Luneo <no-reply@${new URL(PUBLIC_URL).hostname}>`;
}

/**
 * What went wrong, for the outbox row and the log: an SMTP reply code or a network error name.
 * Never the error's message: servers echo the recipient's address in theirs.
 */
export function describeSmtpError(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; command?: string };
  if (typeof e?.responseCode === "number") {
    return `SMTP ${e.responseCode}${e.command ? ` after ${e.command.split(" ")[0]}` : ""}`;
  }
  if (typeof e?.code === "string" && /^[A-Z_]{3,30}$/.test(e.code)) {
    // nodemailer wraps network failures as ESOCKET/ECONNECTION; the system error's name is in
    // its message ("connect ECONNREFUSED 127.0.0.1:25"): keep only that name.
    const cause = /\b(E[A-Z]{4,20})\b/.exec((error as Error).message ?? "")?.[1];
    return cause && cause !== e.code ? `${e.code} (${cause})` : e.code;
  }
  return "unknown error";
}

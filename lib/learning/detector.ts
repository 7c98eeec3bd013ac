import type { LearningLanguage, SignalOutcome } from "@/db/schema/learning";
import { detectLanguage, normalizeText } from "./language";
import { lexicalSimilarity } from "./similarity";

// The offline rule detector: one signal per assistant turn, its outcome read from the agent's own
// words (phrases per language, matched on accent- and case-folded text), from what the caller did
// next, and from VAPI's end-of-call analysis when the conversation has one. Pure: the job loads
// the conversation, this decides, the job writes.

export const RULE_DETECTOR = { name: "rules", version: 1 } as const;

export type Turn = { seq: number; role: string; content: string; sentAt: Date | null };

export type ConversationForSignals = {
  channel: "voice" | "sms" | "webchat";
  status: string;
  endedReason: string | null;
  successEvaluation: string | null;
  structuredData: Record<string, unknown> | null;
  /** When the conversation happened, for turns without their own time. */
  at: Date;
  turns: Turn[];
};

export type SignalDraft = {
  seq: number;
  question: string;
  answer: string;
  outcome: SignalOutcome;
  language: LearningLanguage;
  occurredAt: Date;
  /** Why the outcome was chosen (kept for tests and the detector's own debugging, not stored). */
  evidence: string;
};

// Phrases in normalised form (lower case, no accents, words separated by one space).
const PHRASES: Record<
  LearningLanguage,
  Record<"deflected" | "escalated" | "complaint", string[]>
> = {
  en: {
    deflected: [
      "i don t know",
      "i do not know",
      "i m not sure",
      "i am not sure",
      "not sure about that",
      "i don t have that information",
      "i don t have information",
      "i do not have that information",
      "i don t have the details",
      "i don t have those details",
      "i can t answer",
      "i cannot answer",
      "i m unable to",
      "i am unable to",
      "i m not able to",
      "i can t help with that",
      "i can t tell you",
      "not something i can",
      "let me check",
      "i ll check",
      "i will check",
      "get back to you",
      "call you back",
      "someone will call you",
      "someone will get back",
      "i ll have to ask",
      "i ll pass your question",
      "i ll pass that on",
      "i ll ask the team",
      "i ll find out",
      "i ll look into",
    ],
    escalated: [
      "transfer you",
      "transferring you",
      "put you through",
      "putting you through",
      "connect you with",
      "connect you to",
      "connecting you",
      "hand you over",
      "forward your call",
      "forwarding your call",
    ],
    complaint: [
      "that s not what i asked",
      "that is not what i asked",
      "you re not listening",
      "you are not listening",
      "you already said",
      "that doesn t answer",
      "that does not answer",
      "not helpful",
      "useless",
      "ridiculous",
      "speak to a human",
      "speak to a real person",
      "talk to a real person",
      "i asked you",
      "i said",
    ],
  },
  fr: {
    deflected: [
      "je ne sais pas",
      "je ne suis pas sur",
      "je ne suis pas sure",
      "je n ai pas cette information",
      "je n ai pas l information",
      "je n ai pas ces informations",
      "je n ai pas le detail",
      "je ne peux pas vous repondre",
      "je ne peux pas repondre",
      "je ne suis pas en mesure",
      "je n ai pas acces",
      "je vais verifier",
      "je verifie",
      "je me renseigne",
      "je vais me renseigner",
      "je vais demander",
      "vous rappeler",
      "vous rappelle",
      "vous recontacter",
      "revenir vers vous",
      "reviendra vers vous",
      "je transmets votre question",
      "je transmets votre demande",
    ],
    escalated: [
      "je vous transfere",
      "je vous passe",
      "vous mettre en relation",
      "je vous mets en relation",
      "je transfere votre appel",
      "un conseiller va prendre",
    ],
    complaint: [
      "ce n est pas ce que j ai demande",
      "vous ne m ecoutez pas",
      "vous ne comprenez pas",
      "vous l avez deja dit",
      "ca ne repond pas",
      "inutile",
      "n importe quoi",
      "parler a un humain",
      "parler a quelqu un",
      "je vous ai demande",
      "je vous ai dit",
    ],
  },
};

const contains = (normalized: string, phrases: readonly string[]) =>
  phrases.some((p) => ` ${normalized} `.includes(` ${p} `));

/** Whether the agent's words hand the caller to a person. */
export function isEscalation(answer: string, language: LearningLanguage): boolean {
  return contains(normalizeText(answer, language), PHRASES[language].escalated);
}

/** Whether the agent's words say it does not know, or promise to find out later. */
export function isDeflection(answer: string, language: LearningLanguage): boolean {
  return contains(normalizeText(answer, language), PHRASES[language].deflected);
}

function isComplaint(text: string, language: LearningLanguage): boolean {
  return contains(normalizeText(text, language), PHRASES[language].complaint);
}

/** A caller's follow-up this similar to their previous question asks it again. */
const REPEAT_SIMILARITY = 0.6;

// VAPI's endedReason values: the customer hung up, or the line went quiet.
const CALLER_LEFT = /customer-ended-call|customer-did-not-answer|silence-timed-out|customer-busy/;
const FORWARDED = /forward|transfer/;

/** VAPI's successEvaluation says the call failed (a boolean or pass/fail rubric; scores are left alone). */
export function evaluationFailed(value: string | null): boolean {
  const v = value?.trim().toLowerCase();
  return v === "false" || v === "fail" || v === "failed" || v === "no";
}

/** Questions VAPI's structured data lists as unanswered, when the assistant's schema asks for them. */
function unansweredFromStructuredData(data: Record<string, unknown> | null): string[] {
  const value = data?.unansweredQuestions ?? data?.unanswered_questions;
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

// A sentence in which callers say who they are ("Hi, it's Jade Martin, …", "Bonjour, c'est Zoé
// Bernard.") is left out of questions: gaps hold what was asked, not who asked.
const INTRODUCTION =
  /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|allo|allô)\b[\s,!.]*)?(?:it'?s|it is|this is|my name is|my name's|i'm|i am|c'est|ici|je suis|je m'appelle|moi c'est)\s+/iu;
/** "Hi, it's Jade…": an introduction followed by a capitalised name. */
const introducesSelf = (sentence: string) => {
  const match = INTRODUCTION.exec(sentence);
  const next = match ? sentence.charAt(match[0].length) : "";
  return next !== "" && next !== next.toLowerCase();
};
// A greeting or a "quick question:" before the question itself.
const LEAD_IN =
  /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|oui|yes|ok(?:ay)?)\b[\s,!.:]*)*(?:(?:just )?(?:a )?quick question|une petite question|petite question)?[\s,:.!-]*/iu;

/**
 * The caller's question before the agent's turn: the interrogative sentences of the caller's
 * turn(s) since the agent last spoke when there are any, else everything they said; sentences in
 * which they introduce themselves and greetings before the question are left out.
 */
export function questionOf(callerText: string): string {
  const text = callerText.replace(/\s+/g, " ").trim();
  const sentences = (text.match(/[^.!?]+[.!?]*/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => s !== "" && !introducesSelf(s));
  const asked = sentences.filter((s) => s.endsWith("?"));
  const kept = (asked.length ? asked : sentences).join(" ").replace(LEAD_IN, "");
  const question = kept.charAt(0).toUpperCase() + kept.slice(1);
  return question.slice(0, 1000);
}

/** One signal per assistant turn of `conversation`, in transcript order. */
export function detectSignals(
  conversation: ConversationForSignals,
  fallbackLanguage: LearningLanguage,
): SignalDraft[] {
  const all = conversation.turns;
  const turns = all.filter((t) => t.role === "user" || t.role === "assistant");
  // "Let me check…" followed by a tool call is the agent checking, not deflecting.
  const toolFollows = (seq: number) => {
    const at = all.findIndex((t) => t.seq === seq);
    return all[at + 1]?.role === "tool";
  };
  const callerWords = turns.filter((t) => t.role === "user").map((t) => t.content);
  const language = detectLanguage(
    callerWords.join(" ") || turns.map((t) => t.content).join(" "),
    fallbackLanguage,
  );
  const drafts: SignalDraft[] = [];
  let pending: string[] = [];
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.role === "user") {
      pending.push(turn.content);
      continue;
    }
    const question = questionOf(pending.join(" "));
    pending = [];
    const next = turns.slice(i + 1).find((t) => t.role === "user");
    const isLast = !turns.slice(i + 1).some((t) => t.role === "assistant" || t.role === "user");
    let outcome: SignalOutcome = "answered";
    let evidence = "no rule matched";
    if (isEscalation(turn.content, language)) {
      outcome = "escalated";
      evidence = "the agent handed over";
    } else if (question && isDeflection(turn.content, language) && !toolFollows(turn.seq)) {
      outcome = "deflected";
      evidence = "the agent said it did not know or would call back";
    } else if (
      question &&
      next &&
      (isComplaint(next.content, language) ||
        lexicalSimilarity(question, questionOf(next.content), language) >= REPEAT_SIMILARITY)
    ) {
      outcome = "negative";
      evidence = "the caller repeated the question or complained";
    } else if (
      question &&
      isLast &&
      conversation.channel === "voice" &&
      conversation.endedReason !== null &&
      CALLER_LEFT.test(conversation.endedReason) &&
      turn.content.trim().endsWith("?")
    ) {
      outcome = "abandoned";
      evidence = "the caller hung up while the agent waited for an answer";
    }
    drafts.push({
      seq: turn.seq,
      question,
      answer: turn.content,
      outcome,
      language,
      occurredAt: turn.sentAt ?? conversation.at,
      evidence,
    });
  }
  applyAnalysis(drafts, conversation);
  return drafts;
}

/**
 * VAPI's end-of-call analysis refines the rules: a forwarded call's last turn escalated; a failed
 * success evaluation with no failure found by the rules marks the last question the agent
 * "answered" as negative; questions the structured data lists as unanswered mark the turn that
 * answered them as deflected.
 */
function applyAnalysis(drafts: SignalDraft[], conversation: ConversationForSignals) {
  const last = drafts.at(-1);
  if (last && conversation.endedReason && FORWARDED.test(conversation.endedReason)) {
    last.outcome = "escalated";
    last.evidence = `VAPI ended the call: ${conversation.endedReason}`;
  }
  for (const listed of unansweredFromStructuredData(conversation.structuredData)) {
    let best: SignalDraft | null = null;
    let bestScore = 0.3;
    for (const d of drafts) {
      if (!d.question || d.outcome !== "answered") continue;
      const score = lexicalSimilarity(listed, d.question, d.language);
      if (score > bestScore) [best, bestScore] = [d, score];
    }
    if (best) {
      best.outcome = "deflected";
      best.evidence = "VAPI's structured data lists the question as unanswered";
    }
  }
  if (
    evaluationFailed(conversation.successEvaluation) &&
    !drafts.some((d) => d.outcome !== "answered")
  ) {
    const target = drafts.findLast((d) => d.question !== "");
    if (target) {
      target.outcome = "negative";
      target.evidence = "VAPI's success evaluation failed";
    }
  }
}

import {
  factValueText,
  matchQualificationKey,
  normaliseFactKey,
  sentences,
  type DraftFact,
  type MemoryTurn,
  type QualificationFieldRef,
} from "./summariser";

// The offline summariser's reading of a transcript: plain patterns, no model. They are meant to
// catch what callers of a real-estate agency or a web shop say most often (a budget, an area, an
// order number, an email) and what the agent promises, and to stay silent otherwise: a fact that
// is not there is better than a wrong one.

type Fact = Omit<DraftFact, "source">;

const said = (turns: readonly MemoryTurn[], role: MemoryTurn["role"]) =>
  turns.filter((t) => t.role === role).map((t) => t.content);

/** The field of the vertical whose key or label matches `pattern`, else `fallback`. */
function keyFor(fields: readonly QualificationFieldRef[], pattern: RegExp, fallback: string) {
  return fields.find((f) => pattern.test(f.key) || pattern.test(f.label))?.key ?? fallback;
}

// ── money ────────────────────────────────────────────────────────────────────────────────────

const BUDGET_WORDS = /\b(budget|afford|spend|price range|up to|maximum|max|looking to pay)\b/i;
const AMOUNT =
  /(?:([$€£])\s?)?(\d{1,3}(?:[,\s.]\d{3})+|\d+(?:\.\d+)?)(?:\s?(k|m|million|thousand|grand)\b)?(?:\s?(dollars|euros|pounds|usd|eur|gbp)\b)?/gi;
const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  grand: 1e3,
  m: 1e6,
  million: 1e6,
};

/**
 * "$450,000", "500k", "1.2 million euros" → 450000 (marked), 500000, 1200000; a bare "1400" too
 * (unmarked); null for what is not money ("3 bedrooms", "since 2019").
 */
export function parseAmount(match: RegExpExecArray): { value: number; marked: boolean } | null {
  const [, symbol, digits = "", multiplier, word] = match;
  const grouped = /^\d{1,3}(?:[,\s.]\d{3})+$/.test(digits);
  const base = Number(grouped ? digits.replace(/[,\s.]/g, "") : digits);
  if (!Number.isFinite(base)) return null;
  const marked = Boolean(symbol || multiplier || word);
  if (!marked && (base < 100 || /^(19|20)\d\d$/.test(digits))) return null;
  const value = Math.round(base * (MULTIPLIERS[multiplier?.toLowerCase() ?? ""] ?? 1));
  return value > 0 && value < 1e12 ? { value, marked } : null;
}

const ORDER_REFERENCE =
  /(?:#|\border(?:\s+(?:number|no\.?|id|ref(?:erence)?))?(?:\s+(?:is|was))?\s*[:#]?)\s*[a-z-]*\d[\d\s-]*/gi;

function budgetFrom(userTurns: readonly string[]): string | null {
  for (const sentence of userTurns.flatMap(sentences)) {
    if (!BUDGET_WORDS.test(sentence)) continue;
    // An order or reference number in the same sentence is not the budget.
    const amounts = [...sentence.replace(ORDER_REFERENCE, "").matchAll(AMOUNT)]
      .map(parseAmount)
      .filter((a): a is { value: number; marked: boolean } => a !== null);
    // Money written as money first; "between 400 and 500k": the largest, the ceiling given.
    const best = amounts.some((a) => a.marked) ? amounts.filter((a) => a.marked) : amounts;
    if (best.length) return String(Math.max(...best.map((a) => a.value)));
  }
  return null;
}

// ── identifiers ──────────────────────────────────────────────────────────────────────────────

const HASH_ORDER = /#\s?([A-Z]{0,4}-?\d{3,12})\b/i;
const SAID_ORDER =
  /\border(?:\s+(?:number|no\.?|num|id|reference|ref))?\s*(?:is|was|:)?\s*#?\s*((?:[A-Z]{1,4}-?)?(?:\d[\s-]?){3,11}\d)\b/i;

function orderNumberFrom(texts: readonly string[]): string | null {
  for (const text of texts) {
    const match = HASH_ORDER.exec(text) ?? SAID_ORDER.exec(text);
    if (match?.[1]) return match[1].replace(/[\s-]/g, "").toUpperCase();
  }
  return null;
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/i;
// Speech-to-text writes addresses as words: "dana dot w at example dot com".
const SPOKEN_EMAIL =
  /\b([a-z0-9_-]+(?:\s+dot\s+[a-z0-9_-]+)*)\s+at\s+([a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*\s+dot\s+(?:com|net|org|co|io|uk|fr|de|es|it|nl|be|ca|au|info|biz))\b/i;

function emailFrom(texts: readonly string[]): string | null {
  for (const text of texts) {
    const written = EMAIL.exec(text)?.[0];
    if (written) return written.toLowerCase();
    const spoken = SPOKEN_EMAIL.exec(text);
    if (spoken) return `${spoken[1]}@${spoken[2]}`.replace(/\s+dot\s+/gi, ".").toLowerCase();
  }
  return null;
}

// ── places, rooms, choices, names ────────────────────────────────────────────────────────────

const NOT_PLACES = new Set(
  (
    "I,The,A,An,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday,January,February,March," +
    "April,May,June,July,August,September,October,November,December,English,Spanish,French,Cash"
  ).split(","),
);
const PLACE_AFTER =
  /\b(?:[Ii]n|[Aa]round|[Nn]ear|[Oo]n|[Cc]lose to)\s+(?:the\s+)?([A-Z][\p{L}'’-]+(?:\s+(?:[A-Z][\p{L}'’-]+|on|upon|le|la|de))*)/gu;

function areaFrom(userTurns: readonly string[], field: QualificationFieldRef | undefined) {
  const options = field?.options ?? [];
  if (options.length) return choiceFrom(userTurns, options);
  for (const text of userTurns) {
    for (const match of text.matchAll(PLACE_AFTER)) {
      const words = match[1]!.split(/\s+/);
      while (words.length && NOT_PLACES.has(words[0]!)) words.shift();
      const place = words.join(" ").replace(/[’']s$/, "");
      if (place && !NOT_PLACES.has(place)) return place;
    }
  }
  return null;
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
const BEDROOMS = /\b(\d{1,2}|one|two|three|four|five|six)[\s-]?(?:bed(?:room)?s?|br)\b/i;

function bedroomsFrom(userTurns: readonly string[]): string | null {
  for (const text of userTurns) {
    const n = BEDROOMS.exec(text)?.[1]?.toLowerCase();
    if (n) return String(NUMBER_WORDS[n] ?? Number(n));
  }
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Options too common to mean anything on their own in a sentence.
const VAGUE_OPTIONS = new Set(["other", "yes", "no", "none", "email", "phone", "let"]);

/** The one option of a choice field the caller named (none when they named two, or none). */
function choiceFrom(userTurns: readonly string[], options: readonly string[]): string | null {
  const text = userTurns.join(" \n ");
  const named = options.filter((option) => {
    if (option.length < 3 || VAGUE_OPTIONS.has(option.toLowerCase())) return false;
    return new RegExp(`(^|[^\\p{L}])${escapeRegExp(option)}($|[^\\p{L}])`, "iu").test(text);
  });
  return named.length === 1 ? named[0]! : null;
}

const NAME_QUESTION = /\b(your (?:full )?name|who am I speaking|who's calling|who is calling)\b/i;
const ANSWER_PREFIX =
  /^(?:(?:sure|yes|yeah|yep|hi|hello|it's|it is|this is|i'm|i am|my name is|my name's|name's)\b[,!.]?\s*)+/i;
const CAPITALISED_NAME = /^([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){0,2})(?=$|[\s.,!])/u;
const MY_NAME_IS = /\b[Mm]y name(?:'s| is)\s+([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){0,2})/u;
const NOT_NAMES = new Set(
  "I,Sorry,Just,What,Why,Can,Could,Do,Don't,Not,No,Thanks,Thank,Um,Uh,Oh,Please,Actually,Well,Okay,Ok".split(
    ",",
  ),
);

function nameFrom(turns: readonly MemoryTurn[]): string | null {
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.role !== "user") continue;
    const stated = MY_NAME_IS.exec(turn.content)?.[1];
    if (stated) return stated;
    const previous = turns.slice(0, i).findLast((t) => t.role === "assistant");
    if (previous && NAME_QUESTION.test(previous.content)) {
      const answer = CAPITALISED_NAME.exec(turn.content.trim().replace(ANSWER_PREFIX, ""))?.[1];
      const first = answer?.split(" ")[0] ?? "";
      if (answer && !NOT_NAMES.has(first) && !NOT_PLACES.has(first)) return answer;
    }
  }
  return null;
}

/** Facts the caller stated, keyed by the vertical's lead fields where one fits. */
export function factsFromTranscript(
  turns: readonly MemoryTurn[],
  fields: readonly QualificationFieldRef[],
): Fact[] {
  const user = said(turns, "user");
  const spoken = [...user, ...said(turns, "assistant")];
  const facts: Fact[] = [];
  const put = (key: string, value: string | null) => {
    const text = value === null ? null : factValueText(value);
    if (text && !facts.some((f) => f.key === key)) facts.push({ key, value: text });
  };
  const areaField = fields.find((f) =>
    /area|neighbou?rhood|location|district|city|town/i.test(f.key),
  );
  const bedroomsField = fields.find((f) => /bedroom/i.test(f.key));
  // Places and rooms only for a vertical that asks for them (or before one is chosen): "I'm in
  // London" says little to a web shop.
  const none = fields.length === 0;
  put(keyFor(fields, /budget|price/i, "budget"), budgetFrom(user));
  put(keyFor(fields, /order.?(number|no|id|ref)/i, "order_number"), orderNumberFrom(spoken));
  put(keyFor(fields, /e-?mail/i, "email"), emailFrom(user) ?? emailFrom(spoken));
  if (areaField || none) put(areaField?.key ?? "area", areaFrom(user, areaField));
  if (bedroomsField || none) put(bedroomsField?.key ?? "bedrooms", bedroomsFrom(user));
  put("name", nameFrom(turns));
  for (const field of fields) {
    if (field.type === "choice" && field.options?.length)
      put(field.key, choiceFrom(user, field.options));
  }
  return facts;
}

/** VAPI's structuredData as facts: keys mapped onto the vertical's lead fields where they match. */
export function factsFromStructuredData(
  data: Record<string, unknown>,
  fields: readonly QualificationFieldRef[],
): Fact[] {
  const facts: Fact[] = [];
  for (const [rawKey, rawValue] of Object.entries(data)) {
    const key = matchQualificationKey(rawKey, fields) ?? normaliseFactKey(rawKey);
    const value = factValueText(rawValue);
    if (key && value && !facts.some((f) => f.key === key)) facts.push({ key, value });
  }
  return facts;
}

// ── promises ─────────────────────────────────────────────────────────────────────────────────

const PROMISE =
  /^(?:(?:ok(?:ay)?|great|perfect|sure|of course|no problem|certainly|alright|right|thanks|thank you)[,!.]?\s+)*(?:(?:I|we)(?:'ll|’ll| will| shall| am going to|'m going to|’m going to| are going to)|((?:the|our|an?|one of our|your)\s+[a-z]+(?:\s+(?:team|agent|manager|department))?|someone|somebody)\s+will)\s+(?:also\s+|personally\s+|then\s+)?((?:call|ring|phone|get back|email|e-mail|send|text|follow up|contact|confirm|arrange|book|schedule|pass|add|let|forward|mail|post|look into|reach out|come|visit|open|raise|refund|process|ship|replace|issue|prepare)\b.*)$/i;
const IMMEDIATE =
  /\b(right now|now|one moment|put you through|transfer you|connect you|while you wait)\b/i;

/** "you" of the agent's sentence is the caller: "Call you back" → "Call the caller back". */
function asTask(subject: string | undefined, action: string): string {
  const text = action
    .replace(/\byou(?:'|’)re\b/gi, "the caller is")
    .replace(/\byou(?:'|’)ll\b/gi, "the caller will")
    .replace(/\byou(?:'|’)ve\b/gi, "the caller has")
    .replace(/\byourself\b/gi, "the caller")
    .replace(/\byours\b/gi, "the caller's")
    .replace(/\byour\b/gi, "the caller's")
    .replace(/\byou\b/gi, "the caller")
    .replace(/[.!]+$/, "");
  if (subject) {
    const who = subject.replace(/^your\b/i, "the caller's");
    return `${who.charAt(0).toUpperCase()}${who.slice(1)} will ${text}`;
  }
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

const CALLBACK_REQUEST = /\b(call|ring|phone)\s+me\s+back\b|\bget back to me\b/i;
const WRITE_REQUEST = /\b(text|email|e-mail|send)\s+me\b/i;

// "I'll email the brochure today, and one of our agents will call you back": two promises.
const NEXT_PROMISE =
  /,?\s+(?:and|then)\s+(?=(?:I|we)(?:'ll|’ll| will)\s|(?:the|our|an?|one of our)\s+[a-z]+(?:\s+[a-z]+)?\s+will\s|someone will\s)/i;

/** What the agent promised (and the callbacks the caller asked for), as tasks. */
export function openItemsFromTranscript(turns: readonly MemoryTurn[]): string[] {
  const items: string[] = [];
  for (const turn of turns) {
    for (const sentence of sentences(turn.content)) {
      if (turn.role === "assistant") {
        // "Shall I book Thursday?" offers; it does not promise.
        if (sentence.endsWith("?")) continue;
        for (const clause of sentence.split(NEXT_PROMISE)) {
          const match = PROMISE.exec(clause.trim());
          if (match && !IMMEDIATE.test(clause)) items.push(asTask(match[1], match[2]!));
        }
      } else if (turn.role === "user") {
        if (CALLBACK_REQUEST.test(sentence)) items.push("Call the caller back (they asked)");
        else if (WRITE_REQUEST.test(sentence)) {
          items.push(`Reply to the caller's request: "${sentence.replace(/[.!]+$/, "")}"`);
        }
      }
    }
  }
  return items;
}

// ── the request ──────────────────────────────────────────────────────────────────────────────

const FILLER =
  /^(?:(?:hi|hello|hey|yeah|yes|yep|um+|uh+|erm|so|well|okay|ok|oh|good (?:morning|afternoon|evening)|there)\b[,.!]?\s*)+/i;
const SMALL_TALK = /^(?:thanks?|thank you|bye|goodbye|ok(?:ay)?|yes|no|sure|great|perfect)\b/i;

/** The caller's first real sentence(s): greetings and fillers dropped, up to two sentences. */
export function firstRequest(turns: readonly MemoryTurn[], max: number): string | null {
  for (const content of said(turns, "user")) {
    const cleaned = content
      .replace(/\b(?:um+|uh+|erm),?\s+/gi, "")
      .replace(FILLER, "")
      .trim();
    if (cleaned.split(/\s+/).length < 4 || SMALL_TALK.test(cleaned)) continue;
    const kept = sentences(cleaned).slice(0, 2).join(" ");
    const text = kept.length > max ? `${kept.slice(0, max - 1).trimEnd()}…` : kept;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return null;
}

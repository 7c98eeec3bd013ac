// npm run bench:gaps — how well unanswered questions are clustered into gaps, and how fast.
// The labelled set (bench/gaps/questions-{en,fr}.json: intents of both trades, each asked ten
// ways) goes through clusterQuestions, the function the weekly pass (lib/learning/recluster.ts)
// and /staff/learning use, with the similarity production uses: the offline default, or the
// embeddings provider when EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY and EMBEDDINGS_MODEL are set
// (then the labelled set only: 10,000 signals would be 10,000 texts to embed). Prints homogeneity, completeness and
// V-measure (bench/gaps/metrics.ts) against the intents, clusters against intents, then the time
// to cluster 10,000 signals made by perturbing the set the way callers and transcripts do (filler
// words, a dropped word, a typo, case), in one org of one language mix.
import { performance } from "node:perf_hooks";
import { clusterQuestions, type QuestionItem } from "@/lib/learning/cluster";
import { createEmbeddingsProvider } from "@/lib/learning/embeddings";
import { cosine, lexical, type Similarity } from "@/lib/learning/similarity";
import en from "./gaps/questions-en.json";
import fr from "./gaps/questions-fr.json";
import { clusteringScores, nearestNeighbourAgreement } from "./gaps/metrics";

type Labelled = QuestionItem & { intent: string };

const SIGNALS = Number(process.env.BENCH_GAPS_SIGNALS ?? 10_000);

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function labelledSet(): Labelled[] {
  const out: Labelled[] = [];
  for (const [language, intents] of [
    ["en", en],
    ["fr", fr],
  ] as const) {
    for (const [intent, questions] of Object.entries(intents as Record<string, string[]>)) {
      for (const question of questions) {
        out.push({ id: idOf(out.length), question, language, intent });
      }
    }
  }
  return out;
}

/** mulberry32: a small seeded generator, so every run perturbs the same way. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLERS = {
  en: {
    before: ["Hi,", "Hello, yes,", "Um,", "Quick question:", "Sorry,"],
    after: ["thanks", "please", "?"],
  },
  fr: {
    before: ["Bonjour,", "Oui allô,", "Euh,", "Petite question :", "Pardon,"],
    after: ["merci", "s'il vous plaît", "?"],
  },
};

function perturb(item: Labelled, next: () => number, id: string): Labelled {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  let words = item.question.split(" ");
  if (words.length > 4 && next() < 0.4) words.splice(Math.floor(next() * words.length), 1);
  if (next() < 0.4) {
    const at = Math.floor(next() * words.length);
    const w = words[at]!;
    if (w.length > 4) {
      const i = 1 + Math.floor(next() * (w.length - 3));
      words[at] = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    }
  }
  const fillers = FILLERS[item.language];
  if (next() < 0.5) words = [pick(fillers.before), ...words];
  if (next() < 0.3) words = [...words, pick(fillers.after)];
  let question = words.join(" ");
  if (next() < 0.2) question = question.toLowerCase();
  return { ...item, id, question };
}

function score(name: string, items: Labelled[], similarity: Similarity) {
  const started = performance.now();
  const clusters = clusterQuestions(items, similarity);
  const ms = performance.now() - started;
  const clusterOf = new Map<string, string>();
  clusters.forEach((c, i) => c.members.forEach((m) => clusterOf.set(m.id, String(i))));
  const s = clusteringScores(
    items.map((i) => i.intent),
    items.map((i) => clusterOf.get(i.id)!),
  );
  const intents = new Set(items.map((i) => i.intent)).size;
  const singletons = clusters.filter((c) => c.members.length === 1).length;
  console.log(
    `${name.padEnd(28)} ${String(items.length).padStart(6)} questions  ${String(intents).padStart(3)} intents  ${String(clusters.length).padStart(4)} gaps (${singletons} of one question)  homogeneity ${s.homogeneity.toFixed(3)}  completeness ${s.completeness.toFixed(3)}  V ${s.vMeasure.toFixed(3)}  ${(ms / 1000).toFixed(2)} s`,
  );
  return { ...s, ms, clusters };
}

async function main() {
  const set = labelledSet();
  const { EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL } = process.env;
  const embeddings = Boolean(EMBEDDINGS_BASE_URL && EMBEDDINGS_API_KEY && EMBEDDINGS_MODEL);
  const similarity = embeddings
    ? await createEmbeddingsProvider({
        baseUrl: EMBEDDINGS_BASE_URL!,
        apiKey: EMBEDDINGS_API_KEY!,
        model: EMBEDDINGS_MODEL!,
      }).prepare(set.map((i) => ({ text: i.question, language: i.language })))
    : lexical;
  console.log(`similarity: ${similarity.name}`);
  const all = score("labelled set, both languages", set, similarity);
  // The reference any clustering must beat: with ten questions per intent, leaving every
  // question alone is perfectly homogeneous and already scores a V-measure of about 0.77.
  const alone = clusteringScores(
    set.map((i) => i.intent),
    set.map((i) => i.id),
  );
  console.log(
    `${"  (every question alone)".padEnd(28)} homogeneity ${alone.homogeneity.toFixed(3)}  completeness ${alone.completeness.toFixed(3)}  V ${alone.vMeasure.toFixed(3)}`,
  );
  for (const language of ["en", "fr"] as const) {
    score(
      `  ${language} only`,
      set.filter((i) => i.language === language),
      similarity,
    );
  }
  // How well the similarity itself tells intents apart, before any clustering: the share of
  // questions whose most similar other question (same vectors as the clustering, weighed for the
  // language's set) asks the same thing.
  const agreement = (["en", "fr"] as const).map((language) => {
    const items = set.filter((i) => i.language === language);
    const plain = items.map((i) => similarity.vectorize(i.question, language));
    const vectors = similarity.weighForSet?.(plain) ?? plain;
    const share = nearestNeighbourAgreement(
      items.map((i) => i.intent),
      (i, j) => cosine(vectors[i]!, vectors[j]!),
    );
    return `${language} ${(share * 100).toFixed(1)} %`;
  });
  console.log(`nearest other question of the same intent: ${agreement.join(", ")}`);
  if (process.env.BENCH_GAPS_SHOW) {
    for (const c of all.clusters) {
      const intents = new Set(c.members.map((m) => (m as Labelled).intent));
      if (intents.size > 1 || c.members.length < 3)
        console.log(
          `  [${[...intents].join(", ")}] ${c.members.map((m) => m.question).join(" | ")}`,
        );
    }
  }

  if (similarity !== lexical) return;
  const next = random(12);
  const signals = Array.from({ length: SIGNALS }, (_, n) =>
    perturb(set[Math.floor(next() * set.length)]!, next, idOf(100_000 + n)),
  );
  score(`${SIGNALS} perturbed signals`, signals, similarity);
  console.log("(figures from a busy machine: other work shares its 2 cores)");
}

void main();

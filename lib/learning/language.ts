import { NormalizerEn, StemmerEn, StopwordsEn, TokenizerEn } from "@nlpjs/lang-en-min";
import { NormalizerFr, StemmerFr, StopwordsFr, TokenizerFr } from "@nlpjs/lang-fr";
import type { LearningLanguage } from "@/db/schema/learning";

// Normalisation, tokens, stop words and stems per language, from NLP.js's English and French
// packages (docs/adr/0014): accents and case folded, words split, stop words dropped, Snowball-style
// stems. Everything the detector and the lexical similarity read of a text goes through here.

type Toolkit = {
  normalize: (text: string) => string;
  tokenize: (text: string) => string[];
  stem: (word: string) => string;
  isStopword: (word: string) => boolean;
};

const en = {
  normalizer: new NormalizerEn(),
  tokenizer: new TokenizerEn(),
  stemmer: new StemmerEn(),
  stopwords: new StopwordsEn(),
};
const fr = {
  normalizer: new NormalizerFr(),
  tokenizer: new TokenizerFr(),
  stemmer: new StemmerFr(),
  stopwords: new StopwordsFr(),
};

// The tokenisers keep "est-ce" and "l'" joined or split inconsistently: split on anything that is
// not a letter or a digit after normalising, which both languages agree on.
const words = (normalized: string) => normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const TOOLKITS: Record<LearningLanguage, Toolkit> = {
  en: {
    normalize: (t) => en.normalizer.normalize(t),
    tokenize: (t) => words(en.normalizer.normalize(t)),
    stem: (w) => en.stemmer.stemWord(w),
    isStopword: (w) => en.stopwords.isStopword(w),
  },
  fr: {
    normalize: (t) => fr.normalizer.normalize(t),
    tokenize: (t) => words(fr.normalizer.normalize(t)),
    stem: (w) => fr.stemmer.stemWord(w),
    isStopword: (w) => fr.stopwords.isStopword(w),
  },
};

export function toolkit(language: LearningLanguage): Toolkit {
  return TOOLKITS[language];
}

/** Accent- and case-folded text with single spaces, for matching phrases. */
export function normalizeText(text: string, language: LearningLanguage): string {
  return toolkit(language).tokenize(text).join(" ");
}

/** The stems of the words that carry meaning (stop words and one-letter words dropped). */
export function contentStems(text: string, language: LearningLanguage): string[] {
  const kit = toolkit(language);
  return kit
    .tokenize(text)
    .filter((w) => w.length > 1 && !kit.isStopword(w))
    .map((w) => kit.stem(w));
}

/**
 * English or French, by which language's stop words the text uses more; `fallback` (the org's
 * agent language) when the text does not tell (too short, a tie).
 */
export function detectLanguage(text: string, fallback: LearningLanguage): LearningLanguage {
  const tokens = words(
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase(),
  );
  let score = 0;
  for (const w of tokens) {
    if (w.length < 2) continue;
    const isEn = en.stopwords.isStopword(w);
    const isFr = fr.stopwords.isStopword(w);
    if (isEn && !isFr) score -= 1;
    else if (isFr && !isEn) score += 1;
  }
  if (score >= 2) return "fr";
  if (score <= -2) return "en";
  return fallback;
}

/** An agent language such as "fr-FR" as one the learning loop reads ("en" for any other). */
export function learningLanguageOf(agentLanguage: string | null | undefined): LearningLanguage {
  return agentLanguage?.toLowerCase().startsWith("fr") ? "fr" : "en";
}

// The adoption of suggestions, the learning loop's seed KPI (docs/adr/0014): of the answers
// approved in a week whose gap had a suggested answer when it was approved, the share that kept
// the suggestion unedited or near. "Near" is measured on words, not on meaning: at most one word
// in ten changed (inserted, removed or replaced, after folding case and punctuation), so fixing a
// typo or a price is adoption and rewriting the answer is not. Lexical similarity would not do:
// it ignores word order and stop words, so "we do not accept pets" would adopt "we accept pets".

/** The share of words that may change for an approved answer to count as the suggestion kept. */
export const ADOPTION_MAX_EDITED = 0.1;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Word-level Levenshtein distance (two rows: answers are at most 2,000 characters). */
function wordEdits(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The share of words edited between a suggestion and the approved answer (0: kept as is). */
export function editedShare(suggestion: string, approved: string): number {
  const a = words(suggestion);
  const b = words(approved);
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : wordEdits(a, b) / longest;
}

/** Whether an approved answer kept the suggestion unedited or near. */
export function keptSuggestion(suggestion: string | null, approved: string): boolean {
  return suggestion !== null && editedShare(suggestion, approved) <= ADOPTION_MAX_EDITED;
}

import { z } from "zod";

// Tags are written as one line of text in four places: the profile form, the list's filter, the
// CSV export and the CSV import. One rule for all of them, so an exported file imports back with
// the same tags and "seller, vip" is two tags wherever it is typed:
//   - a comma, a semicolon or a vertical bar separates tags (spreadsheets and other CRMs use all
//     three), so no tag may contain one of them;
//   - spaces around a tag are not part of it; empty pieces are dropped; a repeated tag counts once;
//   - a list is written back joined by ", ".

export const TAG_SEPARATORS = /[,;|]/;
export const MAX_TAG_LENGTH = 50;
export const MAX_TAGS = 30;

/** One tag as a person or an API client may write it. */
export const tagSchema = z
  .string()
  .trim()
  .min(1, "A tag cannot be empty.")
  .max(MAX_TAG_LENGTH, `Tags have at most ${MAX_TAG_LENGTH} characters.`)
  .refine((tag) => !TAG_SEPARATORS.test(tag), "A tag cannot contain a comma, ; or |.");

/** The tags in a line of text, in order, each once. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(TAG_SEPARATORS)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/** A list of tags as one line of text; `splitTags(joinTags(tags))` gives the tags back. */
export function joinTags(tags: readonly string[]): string {
  return tags.join(", ");
}

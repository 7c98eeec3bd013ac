import type { VerticalContent } from "@/lib/verticals/content";
import { ecommerceV1 } from "./ecommerce-v1";
import { realEstateV1 } from "./real-estate-v1";
import { realEstateV2 } from "./real-estate-v2";

export type TemplateSlug = "ecommerce" | "real-estate";
export const TEMPLATE_SLUGS = ["ecommerce", "real-estate"] as const;

export interface TemplateVersion {
  slug: TemplateSlug;
  version: number;
  content: VerticalContent;
}

/**
 * Every version ever published. Append only: a published version is never edited (templates.test.ts
 * pins each one's hash). `version` orders the code's versions; the number a version is stored under
 * may be higher when staff promoted answers in between (publish.ts, docs/adr/0006).
 */
export const TEMPLATE_VERSIONS: readonly TemplateVersion[] = [
  { slug: "ecommerce", version: 1, content: ecommerceV1 },
  { slug: "real-estate", version: 1, content: realEstateV1 },
  { slug: "real-estate", version: 2, content: realEstateV2 },
];

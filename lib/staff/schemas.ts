import { z } from "zod";
import { createApiKeySchema } from "@/lib/api-keys/scopes";
import { emailSchema, signUpSchema } from "@/lib/tenancy/schemas";

// What `npm run staff` takes, in the same words as the forms that take the same things.

export const createOrgSchema = z.object({
  name: signUpSchema.shape.orgName,
  ownerEmail: emailSchema,
});
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const issueApiKeySchema = createApiKeySchema.extend({
  orgId: z.uuid({ error: "An org id is a UUID, as `create-org` printed it." }),
});
export type IssueApiKeyInput = z.infer<typeof issueApiKeySchema>;

import { z } from "zod";

export const emailSchema = z
  .email({ error: "Enter a valid email address, like name@company.com." })
  .trim()
  .toLowerCase()
  .max(254);

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const personName = z
  .string()
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Use at most 100 characters.");

export const signUpSchema = z.object({
  name: personName,
  email: emailSchema,
  password: passwordSchema,
  orgName: z
    .string()
    .trim()
    .min(2, "Enter your business name.")
    .max(100, "Use at most 100 characters."),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});

export const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(["admin", "member"], { error: "Choose a role: admin or member." }),
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const acceptInviteSignUpSchema = z.object({
  name: personName,
  password: passwordSchema,
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({ password: passwordSchema });

export const orgIdSchema = z.uuid({ error: "Unknown organisation." });

export const roleSchema = z.enum(["owner", "admin", "member"], {
  error: "Choose a role: owner, admin or member.",
});

export const changeRoleSchema = z.object({
  userId: z.uuid({ error: "Unknown member." }),
  role: roleSchema,
});

export const removeMemberSchema = z.object({
  userId: z.uuid({ error: "Unknown member." }),
  // What happens to the API keys and open invitations the person made: revoked unless the remover
  // explicitly takes them over.
  belongings: z
    .enum(["revoke", "hand_over"], { error: "Choose to revoke or take over their keys." })
    .default("revoke"),
});

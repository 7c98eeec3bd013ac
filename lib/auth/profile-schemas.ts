import { z } from "zod";
import { passwordSchema, personName } from "@/lib/tenancy/schemas";

export const changeNameSchema = z.object({ name: personName });
export type ChangeNameInput = z.infer<typeof changeNameSchema>;

// The new password follows the sign-up rules; the current one is only checked, never judged.
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(200),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.confirmPassword === v.newPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords are not the same.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

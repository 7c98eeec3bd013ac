import type { Metadata } from "next";
import { ChangeNameForm, ChangePasswordForm } from "@/components/profile/profile-forms";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { requireSessionContext } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage({
  searchParams,
}: {
  searchParams: Promise<{ password?: string }>;
}) {
  const [{ user }, { password }] = await Promise.all([requireSessionContext(), searchParams]);
  return (
    <>
      <PageHeader title="Your profile" description={`Signed in as ${user.email}.`} />
      <div className="max-w-xl space-y-6">
        <Card>
          <CardHeader title="Name" description="How your teammates see you in Luneo." />
          <div className="p-5">
            <ChangeNameForm name={user.name} />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Password"
            description="Changing it signs you out on every other device."
          />
          <div className="p-5">
            <ChangePasswordForm changed={password === "changed"} />
          </div>
        </Card>
      </div>
    </>
  );
}

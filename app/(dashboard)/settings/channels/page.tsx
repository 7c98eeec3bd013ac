import type { Metadata } from "next";
import { ChannelsSetup } from "@/components/channels/channels-setup";
import { PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "channels.read")) {
    return <NotAllowed title="Channels" reason="Only owners and admins can connect channels" />;
  }
  return (
    <>
      <PageHeader
        title="Channels"
        description="Connect the phone line (Twilio) and the AI agent (VAPI). Credentials are encrypted and never shown again."
      />
      <ChannelsSetup ctx={ctx} />
    </>
  );
}

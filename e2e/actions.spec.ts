import { randomBytes, randomUUID } from "node:crypto";
import { toolCalls, VAPI_IDS } from "../test/fixtures/vapi";
import { expect, newAccount, test } from "./fixtures";
import { ActionsSettingsPage, JournalPage, TasksPage } from "./pages/actions-pages";
import { SignUpPage } from "./pages/auth-pages";
import { ChannelsPage } from "./pages/channels-page";
import { OnboardingWizard } from "./pages/onboarding-wizard";

// The agent acts: a signed VAPI tool call creates a follow-up task that shows on the caller's
// timeline and in Tasks; a needs-approval action waits until the owner declines it; the journal
// shows both.

test("a signed VAPI tool call creates a task on the caller's timeline; an approval is declined", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const owner = newAccount("actions");
  await new SignUpPage(page).signUp(owner);
  const wizard = new OnboardingWizard(page);
  await wizard.expectStep("profile", "Tell us about your business");
  await wizard.saveProfile("FR", "Europe/Paris");
  await wizard.expectStep("vertical", "What does your business do?");

  const channels = new ChannelsPage(page);
  await channels.goto();
  const secret = `e2e-secret-${randomBytes(8).toString("hex")}`;
  await channels.connectVapi(secret);
  const serverUrl = await channels
    .card("VAPI")
    .getByText(/\/api\/webhooks\/vapi\//)
    .first()
    .textContent();
  const path = new URL(serverUrl!.trim()).pathname;

  const actions = new ActionsSettingsPage(page);
  await actions.goto();
  await actions.turnOn("ticket");
  await actions.turnOn("webhook_call", {
    "Webhook URL": "https://crm.example.com/hooks/luneo",
    "Signing secret": `whsec_${randomBytes(24).toString("base64")}`,
  });
  await expect(page.getByTestId("vapi-tools")).toContainText('"name": "ticket"');

  const customerNumber = "+33612345678" as unknown as typeof VAPI_IDS.customerNumber;
  const call = (name: string, args: Record<string, unknown>) =>
    toolCalls({
      callId: randomUUID(),
      customerNumber,
      message: {
        toolCallList: [
          {
            id: `tc_${name}`,
            type: "function",
            function: { name, arguments: JSON.stringify(args) },
          },
        ],
        toolWithToolCallList: undefined,
      },
    });
  const title = "Call Mrs Martin back about the flat on Rue Neuve";
  const answered = await page.request.post(path, {
    headers: { "content-type": "application/json", "x-vapi-secret": secret },
    data: JSON.stringify(call("ticket", { title })),
  });
  expect(answered.status()).toBe(200);
  expect(await answered.json()).toEqual({
    results: [{ toolCallId: "tc_ticket", result: `I've passed it to the team: “${title}”.` }],
  });
  const waiting = await page.request.post(path, {
    headers: { "content-type": "application/json", "x-vapi-secret": secret },
    data: JSON.stringify(
      call("webhook_call", { event: "viewing.requested", data: { ref: "RN-12" } }),
    ),
  });
  expect((await waiting.json()).results[0].result).toMatch(/must approve it first/);

  const tasks = new TasksPage(page);
  await tasks.goto();
  await expect(tasks.task(title)).toBeVisible();
  await page.screenshot({ path: ".ci/out/screenshots/tasks.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: ".ci/out/screenshots/tasks-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The task is on the caller's timeline.
  await tasks.openContactOf(title);
  const entry = page.getByTestId("timeline-action").filter({ hasText: "Follow-up task" });
  await expect(entry.getByTestId("action-result")).toHaveText(
    `I've passed it to the team: “${title}”.`,
  );
  await page.screenshot({ path: ".ci/out/screenshots/contact-action.png", fullPage: true });

  await tasks.goto();
  await tasks.markDone(title);
  await tasks.goto("?status=done");
  await expect(tasks.task(title)).toBeVisible();

  await actions.goto();
  await expect(actions.approvals()).toHaveCount(1);
  await page.screenshot({ path: ".ci/out/screenshots/actions-settings.png", fullPage: true });
  const dry = await actions.dryRun("Follow-up task", '{"title": "Send the floor plans"}');
  await expect(dry).toContainText("I've passed it to the team: “Send the floor plans”.");
  await actions.declineOnly();

  const journal = new JournalPage(page);
  await journal.goto();
  await expect(journal.rows()).toHaveCount(3);
  await expect(journal.rows().filter({ hasText: "Declined" })).toHaveCount(1);
  await expect(journal.rows().filter({ hasText: "Dry-run" })).toHaveCount(1);
  await page.screenshot({ path: ".ci/out/screenshots/actions-journal.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await actions.goto();
  await page.screenshot({ path: ".ci/out/screenshots/actions-settings-390.png", fullPage: true });
  const scrolls = await page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth,
  );
  expect(scrolls).toBe(false);
});

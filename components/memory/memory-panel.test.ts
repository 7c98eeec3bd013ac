import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { correctFact } from "@/lib/memory/service";
import { summariseConversation } from "@/lib/memory/summarise";
import { insertContact, insertConversation, REAL_ESTATE_CALL } from "@/test/fixtures/memory";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { MemoryPanel } from "./memory-panel";

// The server component rendered to HTML against a real database. The server actions module pulls
// in Auth.js, which does not load outside Next: the fact editor's actions are stubbed (they are
// never called by a render).
vi.mock("@/lib/memory/server-actions", () => ({
  correctFactAction: vi.fn(),
  deleteFactAction: vi.fn(),
}));

await setupFreshDatabase();

let a: TestOwner;
let member: TestMember;
let contactId: string;
let callId: string;

beforeAll(async () => {
  a = await createOwner();
  member = await addMember(a.ctx, "member");
  contactId = await insertContact(a.ctx);
  callId = await insertConversation(a.ctx, { contactId, turns: REAL_ESTATE_CALL });
  await summariseConversation({ orgId: a.orgId, conversationId: callId });
  await correctFact(a.ctx, contactId, "parking", "Two spaces");
  // Typed as words: stored as the key preferred_time, shown as words again.
  await correctFact(a.ctx, contactId, "preferred time", "Evenings");
});

const render = async (...args: Parameters<typeof MemoryPanel>) =>
  renderToStaticMarkup(await MemoryPanel(...args));

describe("MemoryPanel", () => {
  it("shows the summary, open items and facts with where each came from", async () => {
    const html = await render({ ctx: a.ctx, contactId });
    expect(html).toContain("16 Nov (call): The caller said:");
    expect(html).toContain("One of our agents will call the caller back tomorrow morning");
    expect(html).toMatch(new RegExp(`<a [^>]*href="#conversation-${callId}"`));
    expect(html).toContain("from the call of 16 Nov");
    // The source twice: under the value on phones, in its own column from `sm` up.
    expect(html).toMatch(
      /Parking<\/td><td[^>]*>Two spaces<span class="[^"]*sm:hidden[^"]*">set by an admin<\/span><\/td><td class="hidden[^"]*sm:table-cell">set by an admin/,
    );
    expect(html).toMatch(/>Preferred time<\/td><td[^>]*>Evenings<span/);
    expect(html).not.toContain(">preferred_time<");
    // An owner corrects memory: an editor per fact, and the form to add one.
    expect(html).toContain('Edit<span class="sr-only"> budget</span>');
    expect(html).toContain('data-testid="fact-add-form"');
  });

  it("lets a member read, not edit", async () => {
    const html = await render({ ctx: member.ctx, contactId });
    expect(html).toContain("650000");
    expect(html).not.toContain("Edit<span");
    expect(html).not.toContain("fact-add-form");
  });

  it("says what will happen when there is nothing yet", async () => {
    const fresh = await insertContact(a.ctx);
    const html = await render({ ctx: member.ctx, contactId: fresh });
    expect(html).toContain("Luneo will remember what callers tell it after their first call.");
    expect(html).not.toContain("<table");
  });

  it("shows nothing of another org's contact", async () => {
    const b = await createOwner();
    await expectAppError(MemoryPanel({ ctx: b.ctx, contactId }), "NOT_FOUND");
  });
});

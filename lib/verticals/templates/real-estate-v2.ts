import type { VerticalContent } from "@/lib/verticals/content";
import { realEstateV1 } from "./real-estate-v1";

// Real estate (sales and rentals), version 2. Published: never edit this file; add version 3.
//
// Changelog (from v1), asked for by agencies after their first weeks of calls:
// - knowledge: new "energy-performance-certificate" (buyers and tenants ask for the energy rating).
// - knowledge: new "mortgage-in-principle" (what it is and why sellers want one; facts, no advice).
// - knowledge: "viewing-booking" answer reworded: the agent confirms within two business hours,
//   callers bring photo ID, and buyers have their financing ready.
// - qualification: new "financing" choice question (cash, mortgage in principle, ...), asked of
//   buyers, so agents can tell a ready buyer from one who still has to see a lender.
// - agent.greeting: now says what the assistant can do (viewings, valuations, messages).
// - roi.minutesPerCall: 9 → 10, since a human handling the same call now also asks about financing.

export const realEstateV2: VerticalContent = {
  ...realEstateV1,
  agent: {
    ...realEstateV1.agent,
    greeting:
      "Hi, thanks for calling {{businessName}}! I'm the virtual assistant. I can book a viewing, arrange a free valuation or take a message for an agent — what can I do for you today?",
  },
  knowledge: {
    ...realEstateV1.knowledge,
    "viewing-booking": {
      position: 0,
      question: "How do I book a viewing?",
      answer:
        "I can arrange that for you. Tell me which property you're interested in, the address or the reference number on the listing, and two or three times that suit you, Monday to Saturday. The agent confirms the slot by text message, usually within two business hours, with the exact address and the name of the person who will meet you. Please bring a photo ID to the viewing. If you're buying, it helps to have your mortgage in principle or proof of funds ready, so you can move quickly if you like the property.",
    },
    "energy-performance-certificate": {
      position: 16,
      question:
        "What is the energy rating of the property? Do you have the energy performance certificate?",
      answer:
        "When a property has an energy performance certificate or a home energy score, its rating is shown on the listing, and the agent can email you the full report. The report shows how energy-efficient the home is, estimates its heating and electricity costs, and recommends improvements such as insulation or a more efficient heating system. If you're selling or renting out your home and don't have a certificate yet, we can arrange the assessment for you.",
    },
    "mortgage-in-principle": {
      position: 17,
      question: "Do I need a mortgage in principle before viewing or making an offer?",
      answer:
        "You don't need one to view a property, but we recommend getting one before you make an offer. A mortgage in principle, also called a pre-approval, is a statement from a lender of how much they're likely to lend you, based on your income and credit. Sellers take an offer more seriously when it comes with one, and it keeps your search in the right price range. We can't advise you on which mortgage to choose; a lender or an independent mortgage broker can. If you'd like, an agent can give you the details of local brokers our clients have used.",
    },
  },
  qualification: {
    ...realEstateV1.qualification,
    financing: {
      position: 5,
      question:
        "If you're buying, how are you planning to pay: is it a cash purchase, or do you already have a mortgage in principle?",
      field: {
        key: "financing",
        label: "Financing",
        type: "choice",
        options: [
          "Cash buyer",
          "Mortgage in principle obtained",
          "Mortgage needed, not yet applied",
          "Depends on selling current home",
          "Not buying",
        ],
      },
    },
  },
  roi: { ...realEstateV1.roi, minutesPerCall: 10 },
};

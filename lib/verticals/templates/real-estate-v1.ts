import type { VerticalContent } from "@/lib/verticals/content";

// Real estate (sales and rentals), version 1. Published: never edit this file; real-estate-v2.ts
// shows how a new version is built from it.
//
// Answers are read aloud by the agent, so they hold sensible defaults rather than [placeholders];
// the owner adjusts them in the setup wizard.

export const realEstateV1: VerticalContent = {
  label: "Real estate",
  tagline:
    "Books viewings and valuations, qualifies buyers, tenants, sellers and landlords, and puts serious leads through to your agents.",
  agent: {
    persona:
      "You are the virtual assistant of {{businessName}}, a real-estate agency that sells and rents out homes, answering its phone line. You are friendly, professional and efficient: you speak in short sentences and ask one question at a time. You help callers book viewings and valuations, answer questions about the agency's services and fees from the agency's knowledge, and take down the details of buyers, tenants, sellers and landlords for the agents. Collect the qualification answers naturally in the conversation, whether they want to buy, rent, sell or let, their budget, the area, their timing and the number of bedrooms, rather than reading them out like a form. Never invent a property's price, availability, condition or features, and never promise that an offer or a rental application will be accepted. You must not give legal, tax or mortgage advice: suggest the caller speaks to a lawyer, an accountant or a mortgage broker, and offer to have an agent call back. Treat every caller equally: never ask about or comment on race, color, religion, national origin, sex, disability, family status or any other protected characteristic, and never steer anyone towards or away from an area because of who lives there. When a caller asks for an agent, is ready to make an offer, is upset, raises a legal issue or asks something you cannot answer after two attempts, follow the escalation rules and offer the handover they describe.",
    greeting:
      "Hi, thanks for calling {{businessName}}! I'm the virtual assistant — how can I help you today?",
    language: "en-US",
    closedMessage:
      "Our office is closed right now, but I can still help: I can answer questions about our services, take your details for a viewing or a free valuation, and make sure an agent calls you back as soon as we reopen.",
  },
  hours: {
    mon: [
      { open: "09:00", close: "12:30" },
      { open: "14:00", close: "19:00" },
    ],
    tue: [
      { open: "09:00", close: "12:30" },
      { open: "14:00", close: "19:00" },
    ],
    wed: [
      { open: "09:00", close: "12:30" },
      { open: "14:00", close: "19:00" },
    ],
    thu: [
      { open: "09:00", close: "12:30" },
      { open: "14:00", close: "19:00" },
    ],
    fri: [
      { open: "09:00", close: "12:30" },
      { open: "14:00", close: "19:00" },
    ],
    sat: [{ open: "10:00", close: "17:00" }],
    sun: [],
  },
  knowledge: {
    "viewing-booking": {
      position: 0,
      question: "How do I book a viewing?",
      answer:
        "I can arrange that for you. Tell me which property you're interested in, the address or the reference number on the listing, and the days and times that suit you. Viewings take place Monday to Saturday, and some evening slots can be arranged. The agent confirms the slot by text message with the exact address and the name of the person who will meet you there.",
    },
    "documents-to-rent": {
      position: 1,
      question: "What documents do I need to rent a property?",
      answer:
        "To apply for a rental you'll need a government-issued photo ID, proof of income, usually your last three pay stubs or your last two tax returns if you're self-employed, and a reference from your current or previous landlord. With your consent, we also run a credit and background check. Most landlords look for a gross monthly income of about three times the rent; if yours is lower, a guarantor can usually help.",
    },
    "agency-fees": {
      position: 2,
      question: "What are your agency fees, and what do they cover?",
      answer:
        "For sellers, our fee is a percentage of the final sale price, agreed in writing before we start marketing, and you only pay it if the sale goes through. It covers the valuation, professional photos and a floor plan, listings on the major property websites, accompanied viewings, negotiating offers and following the sale through to closing. For landlords, we charge a one-off fee when we find a tenant, or a monthly percentage of the rent if we also manage the property. Buyers and tenants pay nothing to view a property. An agent will give you the exact rates, as they depend on the property and the service you choose.",
    },
    "sole-mandate": {
      position: 3,
      question: "What's the difference between a sole mandate and an open mandate?",
      answer:
        "With a sole mandate, also called an exclusive listing, you give our agency alone the right to sell or rent out your property for an agreed period, usually three months. Because we're the only agency, we invest more in marketing it, and the fee is usually lower. With an open mandate, you can list with several agencies at once and only the one that finds the buyer or tenant is paid; the fee is usually higher, and the property can end up advertised at different prices on different sites. Most of our sellers choose a sole mandate, but an agent can walk you through both.",
    },
    "free-valuation": {
      position: 4,
      question: "Can you value my property? Is it free?",
      answer:
        "Yes, our valuations are free, and there's no obligation to list with us. An agent visits the property, which takes about 45 minutes, and sends you a written valuation within 48 hours, with a suggested asking price or rent based on recent sales and rentals nearby. I can take your address and a few details now, and an agent will call you to set a time that suits you.",
    },
    offers: {
      position: 5,
      question: "How does making an offer work?",
      answer:
        "Once you've viewed a property, you make your offer through the agent, by phone or by email, and we pass every offer to the owner in writing, usually the same day. The agent will ask how you plan to pay, cash, a mortgage or the sale of your current home, because owners weigh that alongside the price. The owner can accept, refuse or make a counter-offer, and we tell you as soon as they answer. An accepted offer isn't binding until the contract is signed. I can't take an offer myself, but I can put you through to the agent handling the property.",
    },
    "holding-deposit": {
      position: 6,
      question: "Do I need to pay a holding deposit to rent a property?",
      answer:
        "Once your application is approved in principle, we ask for a holding deposit of one week's rent to take the property off the market while your references are checked. It's deducted from your first month's rent when you sign the lease. If the landlord decides not to go ahead, it's refunded in full; if you withdraw or the application contains false information, it may be kept, as set out in the holding deposit agreement you sign. The security deposit is separate, usually one month's rent, held for the length of the lease and returned at the end, minus any agreed deductions for damage or unpaid rent.",
    },
    "rental-guarantees": {
      position: 7,
      question: "What if I don't meet the income requirement? Can I use a guarantor?",
      answer:
        "Yes. If your income is below what the landlord asks for, or you don't have a rental or credit history here yet, a guarantor can sign the lease with you and agree to pay the rent if you can't. The guarantor goes through the same checks as you, with a higher income requirement. Some landlords also accept a rent guarantee service or a larger security deposit instead, where the law allows it. The agent will tell you what the landlord of the property accepts.",
    },
    "property-management": {
      position: 8,
      question: "Do you offer property management for landlords?",
      answer:
        "Yes, we offer two services. With tenant find, we market the property, run the viewings, check references and prepare the lease, and you then manage the tenancy yourself. With full management, we also collect the rent every month, handle repair and maintenance requests, arrange the safety checks required by law, inspect the property regularly and take care of the move-out and the deposit. Fees depend on the service and the property, and an agent can give you a quote.",
    },
    "selling-timeline": {
      position: 9,
      question: "How long does it take to sell a property?",
      answer:
        "It depends on the price, the property and the market, but as a guide, most well-priced homes receive an offer within four to eight weeks of going on the market. From an accepted offer to closing usually takes another 30 to 60 days, while the buyer's mortgage, the inspection, the appraisal and the legal work are completed. Cash buyers can close faster. Your agent keeps you updated at every step.",
    },
    "pets-policy": {
      position: 10,
      question: "Can I rent a property if I have a pet?",
      answer:
        "It's up to each landlord, and every listing says whether pets are allowed. Where they are, the landlord may ask for a pet deposit or a small monthly pet rent, and details such as the type of animal, its breed and its age. Tell me about your pet and I'll note it, so the agent can check with the landlord before your viewing. Service and assistance animals for people with disabilities aren't pets, and are accepted whatever the pet policy says.",
    },
    "viewing-cancellation": {
      position: 11,
      question: "I need to cancel or change my viewing.",
      answer:
        "No problem. Give me your name and the address of the property, and tell me whether you'd like to cancel or move the viewing; if you'd like another time, tell me which days suit you. I'll pass it straight to the agent, who'll confirm by text message. Whenever you can, please let us know at least 24 hours ahead, as the owners or current tenants are told about each viewing.",
    },
    "neighborhood-questions": {
      position: 12,
      question: "What's the neighborhood like? What about schools, transport and local amenities?",
      answer:
        "Our agents know the area well and are happy to talk you through transport links, shops, parks and local services. For schools, crime figures and similar information, we point you to the official sources so you can judge for yourself, and we describe areas by facts, not by who lives there. I'll note your question and have an agent call you back, or put you through now if one is free.",
    },
    "virtual-tours": {
      position: 13,
      question: "Can I take a virtual tour of a property?",
      answer:
        "Many of our listings have a video or 3D virtual tour, next to the photos on the listing page. If the property you're interested in doesn't, we can arrange a live video viewing: an agent walks through the property on a video call and answers your questions as you go. It's a good option if you're moving from further away, though we always recommend seeing a property in person before you sign anything.",
    },
    "list-a-property": {
      position: 14,
      question: "How do I sell or rent out my property with you?",
      answer:
        "The first step is a free valuation: an agent visits the property, tells you what it should sell or rent for, and explains our services and fees. If you decide to go ahead, you sign a listing agreement, we arrange professional photos and a floor plan, and your property goes live on our website and the major property portals, usually within a week. I can take your name, the address and whether you'd like to sell or rent it out, and an agent will call you to arrange the visit.",
    },
    "contact-agent": {
      position: 15,
      question: "Can I speak to an agent?",
      answer:
        "Of course. Our agents are often out on viewings, so if no one is free right now I'll take your name, number and what it's about, and the agent will call you back, usually the same day. If you're calling about a specific property, tell me the address so I can pass your message to the agent handling it.",
    },
  },
  qualification: {
    buy_or_rent: {
      position: 0,
      question: "Are you looking to buy, rent, sell, or let a property?",
      field: {
        key: "buy_or_rent",
        label: "Buy, rent, sell or let",
        type: "choice",
        options: ["Buy", "Rent", "Sell", "Let"],
      },
    },
    budget: {
      position: 1,
      question:
        "What budget do you have in mind: the purchase price, or the monthly rent if you're renting? If you're selling or letting, what price or rent are you hoping for?",
      field: { key: "budget", label: "Budget", type: "number", unit: "USD" },
    },
    area: {
      position: 2,
      question:
        "Which area or neighborhoods are you looking in? Or, if you're selling or letting, where is the property?",
      field: { key: "area", label: "Area", type: "text" },
    },
    timing: {
      position: 3,
      question: "When are you hoping to move, or to sell or let?",
      field: {
        key: "timing",
        label: "Timing",
        type: "choice",
        options: ["As soon as possible", "Within 3 months", "3–6 months", "Just looking"],
      },
    },
    bedrooms: {
      position: 4,
      question:
        "How many bedrooms do you need? Or, if you're selling or letting, how many does the property have?",
      field: { key: "bedrooms", label: "Bedrooms", type: "number", unit: "bedrooms" },
    },
  },
  escalation: {
    "agent-requested": {
      position: 0,
      when: "The caller asks to speak to an agent or a person.",
      action: "transfer",
      say: "Of course — let me put you through to one of our agents now. Please stay on the line.",
    },
    "ready-to-offer": {
      position: 1,
      when: "The caller wants to make an offer on a property, or wants to put their property on the market now.",
      action: "transfer",
      say: "That's great news — I'll put you straight through to the agent handling this so nothing gets lost. One moment, please.",
    },
    "upset-caller": {
      position: 2,
      when: "The caller is angry or upset, for example about a repair, a deposit, or how a sale or a rental was handled.",
      action: "callback",
      say: "I'm sorry to hear that, and I want the right person to deal with it. I'll ask the office manager to call you back today, or first thing on the next business day if we're closed.",
    },
    "legal-issue": {
      position: 3,
      when: "The caller mentions a lawyer, legal action, an eviction, a discrimination complaint, or a dispute over a deposit or a contract.",
      action: "callback",
      say: "This needs to be handled by a manager, so I won't try to answer it myself. A manager will call you back within one business day. Can I confirm the best number to reach you?",
    },
    "unanswered-question": {
      position: 4,
      when: "After two attempts, you still can't answer the caller's question from the knowledge you have.",
      action: "message",
      say: "I don't want to give you the wrong information, so I'll pass your question to an agent, who will call you back, usually the same day. What's the best number to reach you?",
    },
  },
  roi: {
    currency: "USD",
    minutesPerCall: 9,
    loadedHourlyCost: 45,
    outcomeLabel: "qualified lead",
    valuePerOutcome: 350,
  },
  // The end-of-call report carries the full transcript, so live `transcript` and
  // `conversation-update` messages would only add traffic.
  serverMessages: [
    "assistant-request",
    "status-update",
    "end-of-call-report",
    "tool-calls",
    "hang",
  ],
  automations: {
    "viewing-confirmation-sms": {
      position: 0,
      name: "Viewing confirmation SMS",
      description:
        "When a viewing is booked on a call, text the caller the date, time, address and agent's name, with a reminder on the morning of the viewing.",
    },
    "new-lead-email": {
      position: 1,
      name: "New lead to agent by email",
      description:
        "After every call with a new buyer, tenant, seller or landlord, email the agent a summary of the caller's answers (budget, area, timing, bedrooms) and a link to the recording.",
    },
    "viewing-follow-up": {
      position: 2,
      name: "Follow-up 2 days after viewing",
      description:
        "Two days after a viewing, text the caller to ask what they thought, and whether they'd like to make an offer, apply, or see similar properties.",
    },
    "valuation-reminder": {
      position: 3,
      name: "Valuation reminder",
      description:
        "The day before a valuation visit, text the owner the time and the name of the agent coming, and check the appointment still suits them.",
    },
  },
};

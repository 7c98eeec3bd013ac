// What the generated callers of a real-estate agency talk about: each scenario is an SMS thread
// (the day before) and a call, with the call's summary, the memory kept of it and the facts learnt.
// The text is filled inside PostgreSQL (large-tenant.ts) from the contact's own profile, so names,
// areas, budgets and dates agree with the contact's lead fields. Placeholders:
//   {first} {last} {name}  the contact's name        {area} {street}  the area and a street in it
//   {budget} e.g. "350k"   {budgetnum} e.g. 350000   {price}  an asking price a little above budget
//   {rent} e.g. "1,400"    {rentnum} e.g. 1400       {beds}   bedrooms
//   {agent} the agent who follows the contact        {business} the agency's name
//   {day} a weekday two days after the call ({jour} in French)   {month} the month after next
// A scenario with `anonymous: true` never names the caller: callers who gave no name get those.

export type Turn = readonly ["user" | "assistant", string];

export type Scenario = {
  key: string;
  /** What the contact is to the agency: their first tag (none for a wrong number). */
  tag: "buyer" | "seller" | "tenant" | "landlord" | "investor" | "first-time" | "relocating" | null;
  /** The lead's answer to "buy, rent, sell or let" (the vertical's choice), none when off-topic. */
  intent: "Buy" | "Rent" | "Sell" | "Let" | null;
  /** One of the vertical's timing options, when the caller gave one. */
  timing: "As soon as possible" | "Within 3 months" | "3–6 months" | "Just looking" | null;
  /** A lead status that follows from the conversation; otherwise the generator spreads them. */
  status?: "new" | "contacted" | "qualified" | "customer" | "lost";
  anonymous?: boolean;
  /** The call comes in the evening, when the office is closed (the others in office hours). */
  afterHours?: true;
  sms: readonly Turn[];
  call: readonly Turn[];
  /** The call's summary, as the call provider writes it. */
  summary: string;
  /** The contact's memory after the call. */
  memory: string;
  openItem: string | null;
  /** Facts learnt in the call, in the vertical's question order first. */
  facts: readonly (readonly [key: string, value: string])[];
};

const hello = "Hi, thanks for calling {business}! I'm the virtual assistant — how can I help?";

export const SCENARIOS: readonly Scenario[] = [
  {
    key: "buyer-listing",
    tag: "buyer",
    intent: "Buy",
    timing: "Within 3 months",
    sms: [
      [
        "user",
        "Hi, is the {beds}-bed on {street} in {area} still available? Saw it on your website.",
      ],
      [
        "assistant",
        "Hi! Yes, {street} is still on the market, asking {price}. Would you like a viewing? {agent}, who handles it, can also call you.",
      ],
      ["user", "Great, I'll call tomorrow to sort out a time."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, it's {name}. I texted yesterday about the place on {street}."],
      [
        "assistant",
        "Thanks, {first}. It's the {beds}-bedroom in {area}, asking {price}. What budget do you have in mind?",
      ],
      [
        "user",
        "We're approved up to about {budget}, so it's a bit above, but we'd like to see it.",
      ],
      ["assistant", "Understood. Do you have a property to sell first, or are you free to move?"],
      [
        "user",
        "Nothing to sell, we're renting at the moment. We'd like to be in within three months.",
      ],
      ["assistant", "Good. {agent} can show you round on {day}. Would 11 o'clock suit you?"],
      ["user", "Eleven on {day} is perfect."],
      [
        "assistant",
        "Booked: {day} at 11 at {street}, with {agent}. You'll get a text with the exact address. Anything else?",
      ],
      ["user", "No, that's everything. Thanks!"],
    ],
    summary:
      "{name} asked about the {beds}-bed on {street} ({area}, asking {price}). Mortgage approved up to about {budget}, nothing to sell, wants to move within 3 months. Viewing booked for {day} at 11 with {agent}.",
    memory:
      "Buyer renting now, nothing to sell, mortgage approved up to about {budget}. Interested in the {beds}-bed on {street}, {area}; viewing with {agent} on {day} at 11.",
    openItem: "Confirm the {day} 11:00 viewing at {street} by text",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["timing", "Within 3 months"],
      ["bedrooms", "{beds}"],
      ["financing", "mortgage approved, nothing to sell"],
    ],
  },
  {
    key: "viewing-reschedule",
    tag: "buyer",
    intent: "Buy",
    timing: "Within 3 months",
    status: "qualified",
    sms: [
      [
        "assistant",
        "Hi {first}, a reminder of your viewing tomorrow at 10:00 at {street}, {area}, with {agent}.",
      ],
      ["user", "Ah, something's come up at work. Can we move it? I'll ring you."],
      ["assistant", "Of course — call us any time and we'll find another slot."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, {name} here. I had to cancel my viewing at {street}, can I book another one?"],
      ["assistant", "No problem, {first}. Are weekdays after work or Saturday better for you?"],
      ["user", "Saturday morning if possible, or {day} evening."],
      ["assistant", "{agent} has {day} at 6:30 pm free. Shall I put you down for that?"],
      ["user", "Yes, {day} at half six works. Is the price still {price}?"],
      [
        "assistant",
        "That's the asking price on the listing, yes; {agent} can tell you more about the sellers' situation at the viewing.",
      ],
      ["user", "Perfect, see you then."],
    ],
    summary:
      "{name} moved the cancelled viewing at {street} ({area}) to {day} at 6:30 pm with {agent}; checked the asking price ({price}).",
    memory:
      "Buyer looking in {area} around {budget}. Viewing at {street} moved to {day} 6:30 pm with {agent} after a cancellation.",
    openItem: "Send {first} the confirmation for {day} 6:30 pm at {street}",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["viewing", "{day} 6:30 pm, {street}"],
    ],
  },
  {
    key: "rental-enquiry",
    tag: "tenant",
    intent: "Rent",
    timing: "Within 3 months",
    sms: [
      ["user", "Hello, do you have any {beds}-bed flats to rent in {area}? Budget {rent} a month."],
      [
        "assistant",
        "Hi! We have a couple coming up in {area}. When would you like to move in? I can have {agent} call you with the details.",
      ],
      ["user", "From the start of {month}. I'll call you tomorrow, thanks."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, this is {name}, I texted about renting in {area}."],
      [
        "assistant",
        "Hi {first}. You're looking for {beds} bedrooms, up to {rent} a month, from the start of {month}?",
      ],
      ["user", "That's it. Furnished or unfurnished, I don't mind. I work near the station."],
      ["assistant", "Good to know. Do you have a landlord reference and proof of income ready?"],
      ["user", "Yes, payslips and a reference from my current landlord."],
      [
        "assistant",
        "Great. There's a {beds}-bed on {street} available from {month}. {agent} can show it to you on {day} at 5:30 pm.",
      ],
      ["user", "Yes, please book that."],
      ["assistant", "Done. {agent} will text you the address. Anything else I can help with?"],
      ["user", "No, that's great, thank you."],
    ],
    summary:
      "{name} wants to rent a {beds}-bed in {area}, up to {rent}/month, moving in from the start of {month}; has payslips and a landlord reference. Viewing of {street} booked for {day} 5:30 pm with {agent}.",
    memory:
      "Tenant looking for a {beds}-bed in {area}, up to {rent} a month, from the start of {month}. Documents ready. Viewing of {street} on {day} 5:30 pm.",
    openItem: "Viewing of {street} with {first} on {day} 5:30 pm",
    facts: [
      ["buy_or_rent", "Rent"],
      ["budget", "{rentnum}"],
      ["area", "{area}"],
      ["bedrooms", "{beds}"],
      ["move_in", "start of {month}"],
    ],
  },
  {
    key: "landlord-valuation",
    tag: "landlord",
    intent: "Let",
    timing: "Within 3 months",
    sms: [
      [
        "user",
        "Hi, my tenants are leaving at the end of next month. Could you value my flat for renting?",
      ],
      [
        "assistant",
        "Hi! Yes, rental valuations are free. Where is the flat, and how many bedrooms?",
      ],
      ["user", "{street} in {area}, {beds} bedrooms. I'll call to set a time."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hello, this is {name}. I own the flat on {street} and I'd like to know what rent I could ask.",
      ],
      [
        "assistant",
        "Of course. Our rental valuations are free and there's no obligation. An agent visits, about 45 minutes, and sends a written valuation within 48 hours. Is the flat furnished?",
      ],
      ["user", "Unfurnished, {beds} bedrooms, new kitchen last year. Current tenants pay {rent}."],
      [
        "assistant",
        "Thank you. Would you want us to find a tenant only, or manage the property as well?",
      ],
      ["user", "Probably full management, I live two hours away. What do you charge for that?"],
      [
        "assistant",
        "{agent} will give you the exact rates after the visit; it's a monthly percentage of the rent. {agent} could come on {day} at 10 am.",
      ],
      ["user", "{day} at 10 is fine."],
      ["assistant", "Booked. You'll get a text the day before. Thanks, {first}!"],
    ],
    summary:
      "{name}, landlord of a {beds}-bed unfurnished flat on {street} ({area}, currently let at {rent}/month), wants a rental valuation and is considering full management. Valuation visit booked for {day} 10 am with {agent}.",
    memory:
      "Landlord of {street}, {area} ({beds} bed, unfurnished, currently {rent}/month); tenants leaving. Interested in full management. Valuation with {agent} on {day} 10 am.",
    openItem: "Rental valuation at {street} on {day} 10 am; send management rates",
    facts: [
      ["buy_or_rent", "Let"],
      ["area", "{area}"],
      ["bedrooms", "{beds}"],
      ["current_rent", "{rentnum}"],
      ["service", "full management"],
    ],
  },
  {
    key: "seller-fees",
    tag: "seller",
    intent: "Sell",
    timing: "3–6 months",
    sms: [
      ["user", "Hello, what are your fees for selling a house?"],
      [
        "assistant",
        "Hi! Our fee is a percentage of the final sale price, agreed in writing, and only paid if the sale completes. An agent can give you the exact rate — may we call you?",
      ],
      ["user", "I'll call tomorrow, I have a few questions."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, this is {name}. I'm thinking of selling our house on {street}, in {area}."],
      ["assistant", "Thanks, {first}. How many bedrooms, and do you have a price in mind?"],
      ["user", "{beds} bedrooms. Neighbours sold for around {price}. What's your percentage?"],
      [
        "assistant",
        "The rate depends on the property and the mandate. With a sole mandate the fee is usually lower, as we invest more in marketing. An agent gives you the exact figure at the free valuation.",
      ],
      ["user", "And the photos and the floor plan, are they extra?"],
      [
        "assistant",
        "No, professional photos, a floor plan and the listings are included in the fee.",
      ],
      ["user", "OK. We're not in a rush, maybe in the spring."],
      ["assistant", "Would you like {agent} to come and value it? {day} at 4 pm is free."],
      ["user", "Let's do that."],
    ],
    summary:
      "{name} is thinking of selling a {beds}-bed house on {street} ({area}) in 3–6 months; neighbours sold around {price}. Asked about fees (percentage, sole vs open mandate, photos included). Valuation booked for {day} 4 pm with {agent}.",
    memory:
      "Possible seller: {beds}-bed house on {street}, {area}, in 3–6 months; expects around {price}. Asked about fees. Valuation with {agent} on {day} 4 pm.",
    openItem: "Bring the fee schedule to the {day} valuation at {street}",
    facts: [
      ["buy_or_rent", "Sell"],
      ["area", "{area}"],
      ["timing", "3–6 months"],
      ["bedrooms", "{beds}"],
      ["expected_price", "{price}"],
    ],
  },
  {
    key: "after-hours",
    tag: "buyer",
    intent: "Buy",
    timing: "As soon as possible",
    afterHours: true,
    sms: [
      [
        "assistant",
        "Hi {first}, thanks for viewing {street} with {agent} today. Any questions, just reply here.",
      ],
      ["user", "Thanks, we loved it. We're talking it over tonight."],
    ],
    call: [
      [
        "assistant",
        "Hi, you've reached {business}. Our office is closed right now, but I can take a message and make sure an agent calls you back as soon as we reopen.",
      ],
      ["user", "Oh, of course, it's late. It's {name}, we viewed {street} yesterday with {agent}."],
      ["assistant", "Thanks, {first}. What would you like me to pass on to {agent}?"],
      [
        "user",
        "We'd like to make an offer, around {budget}. We don't want to lose it over the weekend.",
      ],
      [
        "assistant",
        "I understand. I can't take offers myself, but I'll mark this urgent so {agent} calls you first thing in the morning. Is this number best?",
      ],
      ["user", "Yes, this mobile. Any time after 8."],
      [
        "assistant",
        "Noted: {agent} will call you after 8 am about an offer of around {budget} on {street}.",
      ],
    ],
    summary:
      "After-hours call: {name} viewed {street} ({area}) with {agent} and wants to offer around {budget}. Urgent call-back requested after 8 am on this mobile.",
    memory:
      "Viewed {street}, {area} with {agent}; wants to offer around {budget}, worried about losing it. Call back after 8 am.",
    openItem: "URGENT: {agent} to call {first} after 8 am about an offer on {street}",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["timing", "As soon as possible"],
      ["best_time_to_call", "after 8 am, mobile"],
    ],
  },
  {
    key: "commercial-lease",
    tag: "investor",
    intent: null,
    timing: null,
    anonymous: true,
    sms: [
      ["user", "Hi, do you rent out shops or offices, or only homes?"],
      ["assistant", "Hi! I'll check that with an agent for you. Do you have an area in mind?"],
      ["user", "Near the {area} high street. I'll call."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, quick question: do you handle commercial leases? I'm looking for a small shop in {area}.",
      ],
      [
        "assistant",
        "That's a good question, and I'm not sure: I know we sell and rent out homes, but I don't have anything on commercial premises. I'd rather not guess. Can I have an agent call you back with the answer?",
      ],
      ["user", "Sure. About 60 square metres, ground floor, for a bakery."],
      [
        "assistant",
        "Noted: a ground-floor shop of about 60 m² in {area}, for a bakery. What's the best time to reach you?",
      ],
      ["user", "Mornings, before 11. I'd rather not leave my name, just call this number."],
      ["assistant", "Of course. An agent will call this number before 11."],
    ],
    summary:
      "Caller asked whether the agency handles commercial leases (a ~60 m² ground-floor shop in {area} for a bakery). The assistant did not know; agent call-back requested, mornings before 11.",
    memory:
      "Looking for a ~60 m² ground-floor shop in {area} (bakery). Asked if we do commercial leases — unanswered. Call back mornings.",
    openItem: "Answer: does the agency handle commercial leases? Call back before 11",
    facts: [
      ["area", "{area}"],
      ["property_type", "commercial, ~60 m² shop"],
      ["best_time_to_call", "mornings before 11"],
    ],
  },
  {
    key: "pet-friendly",
    tag: "tenant",
    intent: "Rent",
    timing: "Within 3 months",
    sms: [
      ["user", "Hi, is the flat on {street} pet-friendly? I have a small dog."],
      [
        "assistant",
        "Hi {first}! I'm checking with the landlord's agent and will come back to you.",
      ],
      ["user", "Thanks. Otherwise it's perfect for me."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, it's {name}. I asked yesterday if {street} allows pets — any news?"],
      [
        "assistant",
        "Not yet, I'm sorry. The listing doesn't say whether pets are allowed, and it's the landlord's decision, so I can't confirm it.",
      ],
      ["user", "It's a small, quiet dog, a ten-year-old spaniel. I can pay a higher deposit."],
      [
        "assistant",
        "I'll pass that on: it often helps. Apart from that, the {beds}-bed at {rent} a month suits you?",
      ],
      ["user", "Yes, and I'd move at the start of {month}."],
      [
        "assistant",
        "Then I'll ask {agent} to get the landlord's answer and call you, ideally before {day}.",
      ],
      ["user", "Thank you."],
    ],
    summary:
      "{name} asked whether {street} ({area}, {beds}-bed, {rent}/month) is pet-friendly: has a small older dog, would pay a higher deposit. The assistant could not answer; {agent} to ask the landlord. Move-in start of {month}.",
    memory:
      "Tenant with a small dog (spaniel) interested in {street}, {area}, {rent}/month from the start of {month}. Waiting for the landlord's answer on pets.",
    openItem: "Ask the landlord of {street} whether a small dog is accepted",
    facts: [
      ["buy_or_rent", "Rent"],
      ["budget", "{rentnum}"],
      ["area", "{area}"],
      ["bedrooms", "{beds}"],
      ["pets", "small dog (spaniel)"],
      ["move_in", "start of {month}"],
    ],
  },
  {
    key: "missed-callback",
    tag: "seller",
    intent: "Sell",
    timing: "Within 3 months",
    status: "contacted",
    sms: [
      ["user", "Hi, I was promised a call back on Monday about my valuation. Nobody called."],
      [
        "assistant",
        "I'm sorry about that, {first}. I've flagged it to {agent}, who will call you today.",
      ],
      ["user", "OK. Today please."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "It's {name}. I'm calling for the second time — I texted yesterday and still no call back about selling my house on {street}.",
      ],
      [
        "assistant",
        "I'm really sorry, {first}. That isn't the service we want to give. Let me see if {agent} is free to take your call now.",
      ],
      ["user", "Fine. If not, I'll try another agency, to be honest."],
      [
        "assistant",
        "I understand. {agent} is on a viewing, so I've marked this as a priority: {agent} will call you within the hour. Is this number best?",
      ],
      ["user", "Yes. I want to know what it's worth, it's a {beds}-bed in {area}."],
      [
        "assistant",
        "Noted. You'll hear from {agent} within the hour, and I'm sorry again for the wait.",
      ],
    ],
    summary:
      "Complaint: {name} was promised a call back about selling a {beds}-bed on {street} ({area}) and got none, after an SMS too. Unhappy, may go to another agency. Priority call-back by {agent} within the hour.",
    memory:
      "Wants to sell a {beds}-bed on {street}, {area}. Missed call-back twice; unhappy, considering another agency. Call back promptly.",
    openItem: "Priority: {agent} to call {first} back about the valuation (missed call-back)",
    facts: [
      ["buy_or_rent", "Sell"],
      ["area", "{area}"],
      ["bedrooms", "{beds}"],
      ["complaint", "missed call-back about the valuation"],
    ],
  },
  {
    key: "wrong-number",
    tag: null,
    intent: null,
    timing: null,
    status: "lost",
    anonymous: true,
    sms: [
      ["user", "Hi, I had a missed call from this number?"],
      [
        "assistant",
        "Hi, this is the assistant of {business}, an estate agency. We have no call to you on record: perhaps a mistyped number?",
      ],
      ["user", "Oh ok, sorry!"],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hello, is that the dental practice? I need to move my appointment."],
      [
        "assistant",
        "I'm sorry, you've reached {business}, an estate agency. I think you have the wrong number.",
      ],
      ["user", "Oh! Sorry, the numbers must be close. Bye."],
      ["assistant", "No problem at all. Have a good day!"],
    ],
    summary: "Wrong number: the caller was trying to reach a dental practice. No action.",
    memory: "Wrong number (was trying to reach a dental practice); not a lead.",
    openItem: null,
    facts: [],
  },
  {
    key: "french-caller",
    tag: "relocating",
    intent: "Buy",
    timing: "3–6 months",
    sms: [
      ["user", "Bonjour, vous parlez français ? Nous cherchons une maison à {area}."],
      [
        "assistant",
        "Bonjour ! Oui, bien sûr. Quel est votre budget, et combien de chambres ? Un agent peut aussi vous appeler.",
      ],
      ["user", "Environ {budget}, {beds} chambres. Je vous appelle demain."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Bonjour, je préfère parler français, c'est possible ?"],
      ["assistant", "Bien sûr, bonjour ! Comment puis-je vous aider ?"],
      [
        "user",
        "Je suis {name}. On s'installe ici pour mon travail, on cherche une maison à {area}.",
      ],
      [
        "assistant",
        "Très bien, {first}. Vous m'avez écrit : {beds} chambres, budget autour de {budget}, c'est ça ?",
      ],
      ["user", "Oui. Nous arrivons dans trois ou quatre mois, avec deux enfants."],
      [
        "assistant",
        "Je note. {agent} peut vous envoyer une sélection et organiser des visites en vidéo avant votre arrivée. Ça vous convient ?",
      ],
      ["user", "Parfait, merci beaucoup."],
      ["assistant", "Avec plaisir. {agent} vous écrit d'ici {jour}. Bonne journée !"],
    ],
    summary:
      "French-speaking caller ({name}) relocating for work in 3–4 months wants to buy a {beds}-bed house in {area}, budget about {budget}. Prefers French. {agent} to send a selection and arrange video viewings by {day}.",
    memory:
      "Relocating for work in 3–4 months; speaks French (prefers it). Buying a {beds}-bed house in {area}, about {budget}. Wants video viewings.",
    openItem: "{agent}: send {first} a selection in {area} and offer video viewings (in French)",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["timing", "3–6 months"],
      ["bedrooms", "{beds}"],
      ["language", "French"],
    ],
  },
  {
    key: "investor-yield",
    tag: "investor",
    intent: "Buy",
    timing: "Just looking",
    sms: [
      ["user", "Hi, what rental yield could I expect on a 1-bed flat in {area}?"],
      [
        "assistant",
        "Hi {first}! An agent can go through recent rents and prices with you. Shall we call you?",
      ],
      ["user", "I'll call you."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, this is {name}. I'm an investor looking at buy-to-let in {area}. What yield do your landlords get?",
      ],
      [
        "assistant",
        "I don't have yield figures, and I can't give investment advice. I can tell you what we list and have an agent talk you through recent rents.",
      ],
      ["user", "OK. Budget around {budget}, cash, small flats, easy to let."],
      ["assistant", "Noted. Do you want us to manage the flats once you buy?"],
      ["user", "Yes, I don't live nearby."],
      [
        "assistant",
        "Then {agent} will call you with recent rents in {area} and what's on the market.",
      ],
    ],
    summary:
      "{name}, investor, asked what rental yield to expect in {area}: the assistant had no figures and gave no advice. Cash buyer around {budget} for small flats to let, would want management. {agent} to call with recent rents.",
    memory:
      "Investor, cash buyer around {budget} for small flats in {area} to let; wants management. Asked about yields (not answered).",
    openItem: "{agent}: call {first} with recent rents and yields in {area}",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["timing", "Just looking"],
      ["financing", "cash"],
    ],
  },
  {
    key: "offer",
    tag: "buyer",
    intent: "Buy",
    timing: "As soon as possible",
    status: "qualified",
    sms: [
      ["assistant", "Hi {first}, how did you find the viewing at {street} with {agent}?"],
      ["user", "Really liked it. Can we talk about making an offer?"],
      ["assistant", "Of course! Call us whenever suits and we'll put you through to {agent}."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, it's {name}. I'd like to make an offer on {street}."],
      [
        "assistant",
        "Great news, {first}! Offers go through {agent}. Let me put you through now — please stay on the line.",
      ],
      [
        "user",
        "Thanks. Just so you know, we'd offer {budget}, with a mortgage agreed in principle.",
      ],
      ["assistant", "I'll pass that on to {agent} as I transfer you. One moment."],
    ],
    summary:
      "{name} called to offer {budget} on {street} ({area}), mortgage agreed in principle. Transferred to {agent}.",
    memory:
      "Buyer offering {budget} on {street}, {area}, mortgage in principle. Transferred to {agent} for the offer.",
    openItem: "{agent}: put {first}'s offer of {budget} on {street} to the seller",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["timing", "As soon as possible"],
      ["offer", "{budget} on {street}"],
    ],
  },
  {
    key: "video-viewing",
    tag: "relocating",
    intent: "Rent",
    timing: "Within 3 months",
    sms: [
      ["user", "Hi, I'm moving from abroad in {month}. Can you do video viewings of rentals?"],
      [
        "assistant",
        "Hi {first}! Yes, an agent can show a property by video call. Which area are you looking at?",
      ],
      ["user", "{area}, close to the schools. I'll call to give you the details."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hello, this is {name}. I texted about video viewings. I'm still abroad."],
      ["assistant", "Hi {first}. What are you looking for in {area}?"],
      ["user", "{beds} bedrooms, up to {rent} a month, from the start of {month}."],
      [
        "assistant",
        "{agent} can do video viewings on weekdays. Would {day} at 12:30 work, given the time difference?",
      ],
      ["user", "Yes, 12:30 your time is fine. Do I need to sign anything before I arrive?"],
      [
        "assistant",
        "{agent} will explain the application: ID, proof of income and a reference. Anything about contracts, {agent} will go through with you.",
      ],
      ["user", "Great, thanks."],
    ],
    summary:
      "{name}, relocating from abroad, wants to rent a {beds}-bed in {area} (up to {rent}/month) from the start of {month}. Video viewing booked for {day} 12:30 with {agent}.",
    memory:
      "Relocating from abroad; renting a {beds}-bed in {area}, up to {rent}/month, from the start of {month}. Video viewing {day} 12:30.",
    openItem: "Video viewing with {first} on {day} at 12:30 (send the call link)",
    facts: [
      ["buy_or_rent", "Rent"],
      ["budget", "{rentnum}"],
      ["area", "{area}"],
      ["timing", "Within 3 months"],
      ["bedrooms", "{beds}"],
      ["move_in", "start of {month}"],
    ],
  },
  {
    key: "rental-documents",
    tag: "tenant",
    intent: "Rent",
    timing: "As soon as possible",
    status: "qualified",
    sms: [
      ["user", "Hi, what documents do I need to apply for {street}?"],
      [
        "assistant",
        "Hi {first}! Photo ID, your last three payslips and a reference from your current landlord. We also run a credit check with your consent.",
      ],
      ["user", "I'm self-employed, I don't have payslips."],
      ["assistant", "Then your last two tax returns work instead. I'll ask {agent} to call you."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, it's {name}. About my application for {street}: I'm self-employed, is that a problem?",
      ],
      [
        "assistant",
        "Not at all: your last two tax returns replace payslips. Landlords usually look for an income of about three times the rent, so around three times {rent} a month.",
      ],
      ["user", "I'm a bit under that. Could my mother be a guarantor?"],
      ["assistant", "Usually, yes, a guarantor helps. {agent} will confirm with the landlord."],
      ["user", "OK, and I'd need to move in quickly, my lease ends in {month}."],
      ["assistant", "Noted. I'll ask {agent} to call you by {day} with the landlord's answer."],
    ],
    summary:
      "{name} (self-employed) is applying for {street} ({area}, {rent}/month); income a bit under 3x rent, mother could be a guarantor. Lease ends in {month}. {agent} to confirm with the landlord by {day}.",
    memory:
      "Applying for {street}, {area} ({rent}/month). Self-employed (tax returns), mother as possible guarantor. Needs to move by {month}.",
    openItem: "Ask the landlord of {street} if a guarantor is accepted for {first}",
    facts: [
      ["buy_or_rent", "Rent"],
      ["budget", "{rentnum}"],
      ["area", "{area}"],
      ["timing", "As soon as possible"],
      ["employment", "self-employed"],
      ["guarantor", "mother"],
    ],
  },
  {
    key: "repair",
    tag: "tenant",
    intent: null,
    timing: null,
    status: "customer",
    sms: [
      ["user", "Hi, the boiler at {street} stopped working this morning. No hot water."],
      [
        "assistant",
        "Sorry to hear that, {first}. I've passed it to {agent}, who manages the property.",
      ],
      ["user", "Thanks, please hurry, we have a baby."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, it's {name}, the tenant at {street}. Still no hot water since yesterday and nobody came.",
      ],
      [
        "assistant",
        "I'm sorry, {first}. I can't book the engineer myself, so I'm putting you through to {agent} now as it's urgent.",
      ],
      ["user", "Thank you. The heating isn't working either."],
      [
        "assistant",
        "Noted: no heating and no hot water since yesterday morning. Transferring you now.",
      ],
    ],
    summary:
      "Managed tenant {name} at {street} ({area}): no hot water or heating since yesterday, reported by SMS, nobody came. Urgent, young child at home. Transferred to {agent}.",
    memory:
      "Tenant at {street}, {area} (managed). Boiler broken: no heating or hot water; young child. Escalated to {agent}.",
    openItem: "URGENT: engineer for the boiler at {street}",
    facts: [
      ["area", "{area}"],
      ["property", "{street} (managed)"],
      ["issue", "boiler broken, no heating or hot water"],
    ],
  },
  {
    key: "mortgage-question",
    tag: "first-time",
    intent: "Buy",
    timing: "3–6 months",
    sms: [
      ["user", "Hi, we're first-time buyers. How much could we borrow on two salaries?"],
      [
        "assistant",
        "Hi {first}! I can't give mortgage advice, but a mortgage broker can tell you. We can still help you look. What area?",
      ],
      ["user", "{area}. I'll ring you."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, this is {name}. We're first-time buyers, looking in {area}. How much deposit do we need?",
      ],
      [
        "assistant",
        "I'm sorry, that's a question for a mortgage broker: I can't advise on loans or deposits. An agent can recommend a local broker.",
      ],
      ["user", "OK. We think around {budget}, {beds} bedrooms."],
      ["assistant", "Noted. When would you like to move?"],
      ["user", "In the next six months, once the mortgage is sorted."],
      [
        "assistant",
        "Then {agent} will send you listings in {area} around {budget} and a broker's details.",
      ],
    ],
    summary:
      "First-time buyers ({name}) looking for a {beds}-bed in {area} around {budget}, within six months; asked about deposit and borrowing (not answered: mortgage advice). {agent} to send listings and a broker.",
    memory:
      "First-time buyers, {beds}-bed in {area} around {budget}, within 6 months. Need a mortgage broker.",
    openItem: "Send {first} listings in {area} and a mortgage broker's details",
    facts: [
      ["buy_or_rent", "Buy"],
      ["budget", "{budgetnum}"],
      ["area", "{area}"],
      ["timing", "3–6 months"],
      ["bedrooms", "{beds}"],
    ],
  },
  {
    key: "parking-question",
    tag: "buyer",
    intent: "Buy",
    timing: "Just looking",
    anonymous: true,
    sms: [
      ["user", "Hello, does the house on {street} come with a parking space?"],
      ["assistant", "Hi! The listing doesn't say. I'll ask the agent and come back to you."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, I texted about {street}, in {area}. Is there a garage or a parking space with it?",
      ],
      [
        "assistant",
        "I'm sorry, I don't know yet, and I don't want to guess. The listing doesn't mention it. Can an agent call you back with the answer?",
      ],
      ["user", "Yes, this number is fine. It's a dealbreaker for us, we have two cars."],
      ["assistant", "Understood. I'll note that you need parking for two cars."],
    ],
    summary:
      "Caller asked whether {street} ({area}) has a garage or parking space; the assistant did not know. Needs parking for two cars. Agent to call back.",
    memory:
      "Interested in {street}, {area}; needs parking for two cars. Asked about parking (not answered).",
    openItem: "Find out if {street} has parking and call back",
    facts: [
      ["area", "{area}"],
      ["parking", "needs two spaces"],
    ],
  },
  {
    key: "sale-progress",
    tag: "seller",
    intent: "Sell",
    timing: "As soon as possible",
    status: "customer",
    sms: [
      ["user", "Hi, any feedback from Saturday's viewings at {street}?"],
      ["assistant", "Hi {first}! {agent} is gathering it and will call you."],
    ],
    call: [
      ["assistant", hello],
      [
        "user",
        "Hi, it's {name}. We've had eight viewings at {street} and no offer. Should we drop the price?",
      ],
      [
        "assistant",
        "I understand it's frustrating. I can't advise on the price myself, but {agent} has the viewers' feedback and can go through it with you.",
      ],
      ["user", "We're asking {price}. We need to move by {month}."],
      ["assistant", "Noted. Would a meeting with {agent} on {day} at 3 pm suit you?"],
      ["user", "Yes, fine."],
    ],
    summary:
      "Seller {name}: eight viewings at {street} ({area}, asking {price}) and no offer; considering a price reduction, needs to move by {month}. Meeting with {agent} on {day} 3 pm.",
    memory:
      "Selling {street}, {area} at {price}; eight viewings, no offer yet. Needs to move by {month}. Meeting {agent} on {day} 3 pm about the price.",
    openItem: "Prepare viewing feedback for {first} ({day} 3 pm)",
    facts: [
      ["buy_or_rent", "Sell"],
      ["area", "{area}"],
      ["asking_price", "{price}"],
      ["deadline", "move by {month}"],
    ],
  },
  {
    key: "deposit-return",
    tag: "tenant",
    intent: null,
    timing: null,
    status: "customer",
    sms: [
      ["user", "Hello, I moved out of {street} three weeks ago. When do I get my deposit back?"],
      ["assistant", "Hi {first}, I'll check with {agent}, who managed your tenancy."],
    ],
    call: [
      ["assistant", hello],
      ["user", "Hi, it's {name}, I used to rent at {street}. Still no news about my deposit."],
      [
        "assistant",
        "I'm sorry, {first}. I don't have access to deposit records, so I can't tell you where it stands. I'll ask {agent} to check and call you.",
      ],
      ["user", "The check-out went fine, the landlord had no complaints."],
      ["assistant", "Noted. {agent} will call you by {day} with an answer."],
    ],
    summary:
      "Former tenant {name} (moved out of {street}, {area}, three weeks ago) asked when the deposit will be returned; the assistant had no access to deposit records. {agent} to call by {day}.",
    memory: "Former tenant at {street}, {area}. Waiting for the deposit (check-out fine).",
    openItem: "{agent}: check the deposit for {street} and call {first} by {day}",
    facts: [
      ["area", "{area}"],
      ["issue", "deposit not returned yet"],
    ],
  },
];

/** Agents who follow the generated contacts. */
export const AGENTS = ["Sophie", "Marc", "Julia", "Daniel", "Priya", "Tom"];

/** A street per area (same order as AREAS in large-tenant.ts). */
export const STREETS = [
  "Quay Street",
  "Church Lane",
  "Esplanade",
  "Ridge Road",
  "Station Road",
  "Marina Walk",
  "Park Avenue",
  "Mill Lane",
];

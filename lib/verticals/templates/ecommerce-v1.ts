import type { VerticalContent } from "@/lib/verticals/content";

// E-commerce, version 1. Published: never edit this file; copy it into ecommerce-v2.ts (or spread
// it, see real-estate-v2.ts) and register the new version in index.ts.
//
// Answers are read aloud by the agent, so they hold sensible defaults (delivery times, return
// window, amounts) rather than [placeholders]; the owner adjusts them in the setup wizard.

export const ecommerceV1: VerticalContent = {
  label: "E-commerce",
  tagline:
    "Answers questions about orders, delivery, returns and refunds, and hands tricky cases to your team with the order details already taken.",
  agent: {
    persona:
      "You are the virtual assistant of {{businessName}}, an online shop, answering its customer service line. You are warm, calm and efficient: you speak in short sentences, ask one question at a time, and read order numbers and email addresses back to the caller to check the spelling. You answer from the shop's knowledge and nothing else. You never invent an order status, a delivery date, a tracking number, a price, a stock level or a discount code; when you don't have the information, say so and offer to have the team follow up. You never promise a refund, a replacement or a free return outside the policies described here, and you never take card numbers or passwords over the phone. Early in the call, find out naturally what the call is about, the order number and the email address used for the order, without making it feel like a form. When a caller asks for a person, is upset, mentions a chargeback or legal action, or asks something you still cannot answer after two attempts, follow the escalation rules and offer the handover they describe.",
    greeting:
      "Hi, thanks for calling {{businessName}}! I'm the virtual assistant — I can help with orders, delivery, returns and refunds. How can I help you today?",
    language: "en-US",
    closedMessage:
      "Our customer service team is away right now, but I can still answer most questions about delivery, returns and refunds. If you need a person, I'll take a message and the team will get back to you as soon as we reopen.",
  },
  hours: {
    mon: [{ open: "09:00", close: "18:00" }],
    tue: [{ open: "09:00", close: "18:00" }],
    wed: [{ open: "09:00", close: "18:00" }],
    thu: [{ open: "09:00", close: "18:00" }],
    fri: [{ open: "09:00", close: "18:00" }],
    sat: [{ open: "10:00", close: "14:00" }],
    sun: [],
  },
  knowledge: {
    "shipping-times": {
      position: 0,
      question: "How long does delivery take and how much does it cost?",
      answer:
        "Orders placed before 2 p.m. on a business day ship the same day; later orders ship the next business day. Standard delivery takes 3 to 5 business days and costs $5.95, and it's free on orders over $50. Express delivery takes 1 to 2 business days and costs $14.95. Delivery times count from the day the order ships, and can be a little longer around holidays.",
    },
    "international-shipping": {
      position: 1,
      question: "Do you ship outside the country?",
      answer:
        "Yes, we ship to Canada, the United Kingdom, the European Union and Australia. International delivery usually takes 7 to 14 business days, and the shipping cost is shown at checkout before you pay. The destination country may charge import duties and taxes when the parcel arrives; they aren't included in our prices and are paid by the recipient. Every international order is tracked.",
    },
    "order-status": {
      position: 2,
      question: "Where is my order? How can I track it?",
      answer:
        "As soon as your order ships, we send a shipping confirmation email with a tracking number and a link to follow the parcel. If you can't find it, check your spam or promotions folder, or log in to your account and open the order. Tracking can take up to 24 hours to show the first scan. If the tracking hasn't moved for more than 3 business days, or the parcel shows as delivered but you don't have it, give me your order number and email address: the team will open an investigation with the carrier and get back to you within one business day.",
    },
    "returns-policy": {
      position: 3,
      question: "What is your return policy, and how do I return an item?",
      answer:
        "You can return most items within 30 days of delivery, as long as they're unused, in their original packaging and with the tags still attached. Final-sale items, gift cards and opened personal care products can't be returned. To start a return, use the Returns page on our website, or give me your order number and email address and we'll email you a prepaid return label. Returns are free within the country; for international orders, return shipping is at your expense. Pack the item securely, attach the label and drop the parcel off at any carrier location.",
    },
    refunds: {
      position: 4,
      question: "When will I get my refund?",
      answer:
        "We process returns within 3 business days of them arriving at our warehouse, and we email you as soon as the refund is issued. The money goes back to the payment method you used for the order. Your bank or card provider then usually takes 5 to 10 business days to show it on your statement. The original shipping cost is refunded only if the item arrived damaged or wasn't what you ordered.",
    },
    exchanges: {
      position: 5,
      question: "Can I exchange an item for a different size or color?",
      answer:
        "Yes. The quickest way is to return the item for a refund and place a new order for the size or color you want, so it doesn't sell out while your return is on its way to us. If you'd rather do a direct exchange, start a return on our website and choose Exchange: we ship the replacement as soon as the carrier scans your return, at no extra shipping cost.",
    },
    "damaged-or-wrong-item": {
      position: 6,
      question: "My item arrived damaged, or I received the wrong item. What should I do?",
      answer:
        "We're sorry about that, and we'll put it right at no cost to you. Within 14 days of delivery, reply to your order confirmation email with a photo of the item and of the packaging. Please keep the item and the packaging until we answer. Once the team has checked the photos, usually within one business day, we send you a replacement or a full refund including shipping, whichever you prefer, and a prepaid label if we need the item back.",
    },
    "payment-methods": {
      position: 7,
      question: "Which payment methods do you accept?",
      answer:
        "We accept Visa, Mastercard, American Express and Discover, as well as PayPal, Apple Pay and Google Pay. On eligible orders, you can also split the payment into four interest-free installments at checkout. Payment is taken when you place the order. For your security, we never take card details over the phone, so I can't take a payment on this call.",
    },
    "cancel-or-modify-order": {
      position: 8,
      question: "Can I cancel or change my order?",
      answer:
        "We start packing orders quickly, so changes are only possible within about one hour of placing the order. If you're within that hour, give me your order number and what you'd like to change, whether it's the address, an item, or cancelling the whole order, and the team will try to catch it before it ships; you'll get an email confirming whether it worked. Once an order has shipped it can't be changed, but you can refuse the delivery or return it within 30 days for a refund.",
    },
    "promo-codes": {
      position: 9,
      question: "My discount code doesn't work. How do promo codes work?",
      answer:
        "Promo codes go in the Discount code box at checkout, and only one code can be used per order. A code may not work if it has expired, if the order doesn't reach the minimum amount, if it excludes sale items, or if it was a one-time code that has already been used. Codes can't be added to an order after it's placed. I can't create or apply discounts myself, but if you think a code should have worked, I can pass it to the team to check.",
    },
    "stock-restock": {
      position: 10,
      question: "An item is out of stock. When will it be back?",
      answer:
        "The website always shows our live stock. If a size or color is sold out, click Notify me on the product page and we'll email you as soon as it's back. Popular items are usually restocked within 2 to 4 weeks, but some are limited editions that won't come back. I don't have restock dates for individual products, so I can't promise when a particular item will return.",
    },
    sizing: {
      position: 11,
      question: "How do I choose the right size?",
      answer:
        "Every product page has a size guide with measurements in inches and centimeters, and notes on the fit, for example when an item runs small. The most reliable way is to compare the guide with a similar item you already own and like the fit of. If you're between two sizes, we generally recommend the larger one. And if it doesn't fit, you can exchange or return it within 30 days.",
    },
    "gift-cards": {
      position: 12,
      question: "Do you sell gift cards, and how do I use one?",
      answer:
        "Yes, we sell digital gift cards from $25 to $500 on our website. They're sent by email, either right away or on a date you choose, and they don't expire. To use one, enter the code in the gift card field at checkout; any remaining balance stays on the card for your next order. Gift cards can't be exchanged for cash, and if a code is lost we can re-send it to the email address it was delivered to.",
    },
    warranty: {
      position: 13,
      question: "Is there a warranty on your products?",
      answer:
        "All our products are covered against manufacturing defects for one year from delivery. If something stops working or breaks under normal use, reply to your order confirmation email with a short description of the problem and a photo or video. If the defect is confirmed, we repair or replace the item, or refund it if neither is possible. The warranty doesn't cover normal wear and tear, accidents or misuse.",
    },
    "privacy-account-deletion": {
      position: 14,
      question: "How do I delete my account or the personal data you hold about me?",
      answer:
        "You can ask us at any time to see, correct or delete the personal data we hold about you. Send your request through the contact form on our website, using the email address linked to your account. For your security we can't do it over the phone, because we have to confirm the request really comes from you. We complete requests within 30 days, and we keep order and invoice records only as long as the law requires. To stop marketing emails, click Unsubscribe at the bottom of any of our emails.",
    },
    "contact-human": {
      position: 15,
      question: "Can I speak to a person?",
      answer:
        "Of course. Our customer service team answers the phone during opening hours. If someone is free, I can transfer you now; otherwise I'll take your name, number and order number, and someone will call you back, usually the same business day. You can also reach the team through the contact form on our website; they answer within one business day.",
    },
  },
  qualification: {
    issue_type: {
      position: 0,
      question: "What's your call about today?",
      field: {
        key: "issue_type",
        label: "Issue type",
        type: "choice",
        options: [
          "Where is my order",
          "Return or exchange",
          "Damaged or wrong item",
          "Payment or refund",
          "Product question",
          "Other",
        ],
      },
    },
    order_number: {
      position: 1,
      question:
        "Do you have your order number? You'll find it at the top of your order confirmation email.",
      field: { key: "order_number", label: "Order number", type: "text" },
    },
    order_email: {
      position: 2,
      question: "Which email address did you use when you placed the order?",
      field: { key: "order_email", label: "Order email", type: "text" },
    },
    contact_preference: {
      position: 3,
      question:
        "If the team needs to get back to you, would you prefer a phone call, an email or a text message?",
      field: {
        key: "contact_preference",
        label: "Preferred contact",
        type: "choice",
        options: ["Phone call", "Email", "Text message"],
      },
    },
  },
  escalation: {
    "human-requested": {
      position: 0,
      when: "The caller asks to speak to a person, or asks again after you've offered to help.",
      action: "transfer",
      say: "Of course — I'll put you through to someone on the team now. Please stay on the line.",
    },
    "upset-caller": {
      position: 1,
      when: "The caller is angry or very upset, for example about a late, lost or damaged order, and stays upset after you've acknowledged the problem.",
      action: "transfer",
      say: "I'm really sorry about this, and I understand how frustrating it is. Let me get someone from the team who can sort it out with you directly.",
    },
    "chargeback-or-legal": {
      position: 2,
      when: "The caller mentions a chargeback, a dispute with their bank, a lawyer, a consumer protection complaint or legal action.",
      action: "callback",
      say: "I understand. I'm passing this to a manager right away so it's handled properly, and they'll call you back within one business day. Can I confirm the best number to reach you?",
    },
    "bulk-order": {
      position: 3,
      when: "The caller wants to place a large, wholesale or business order, or asks for prices on bulk quantities.",
      action: "callback",
      say: "That's great — our team handles larger orders directly so they can give you the right pricing. I'll have someone call you back today or on the next business day.",
    },
    "unanswered-question": {
      position: 4,
      when: "After two attempts, you still can't answer the caller's question from the knowledge you have.",
      action: "message",
      say: "I don't want to give you the wrong information, so I'll pass your question to the team and they'll get back to you within one business day. What's the best way to reach you?",
    },
  },
  roi: {
    currency: "USD",
    minutesPerCall: 6,
    loadedHourlyCost: 32,
    outcomeLabel: "saved order",
    valuePerOutcome: 65,
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
    "order-status-sms": {
      position: 0,
      name: "Order status SMS follow-up",
      description:
        "After a call about where an order is, text the caller the tracking link and the latest carrier status once the team has checked it, so they don't need to call again.",
    },
    "return-label-email": {
      position: 1,
      name: "Return label by email",
      description:
        "When a caller starts a return or an exchange on the phone, email them the prepaid return label and packing instructions for the order number they gave.",
    },
    "review-request": {
      position: 2,
      name: "Review request after resolved call",
      description:
        "A day after a call marked as resolved, text the customer a short message asking how it went, with a link to leave a review.",
    },
    "callback-reminder": {
      position: 3,
      name: "Callback reminder for open issues",
      description:
        "If a call ended with a promised callback and nobody has called the customer back by the end of the next business day, alert the team.",
    },
  },
};

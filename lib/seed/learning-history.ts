// What the demo agency's callers asked that the agent could not answer over the last three weeks,
// and what the owner did about it (lib/seed/learning.ts builds it through the product's verbs).
// Each topic becomes a gap. Some got answered in a later call (a colleague's answer the agent
// gave, the gap's suggestion); the owner approved most of those, usually keeping the suggestion
// with a light edit (a price, two words), once rewriting it. Whether an approval kept the
// suggestion is decided by the product's rule (lib/learning/adoption.ts), never here.

export type LearningTopic = {
  key: string;
  /** How many days ago each caller asked, in their words. */
  asked: readonly (readonly [days: number, question: string])[];
  /** A later call in which the agent did answer: the gap's suggested answer. */
  answered?: { hoursAgo: number; question: string; answer: string };
  /** The owner approved the gap `days` ago with this answer. */
  approved?: { days: number; answer: string };
};

export const LEARNING_TOPICS: readonly LearningTopic[] = [
  {
    key: "commission",
    asked: [
      [20, "What commission do you charge to sell a house?"],
      [19, "What commission do you charge if I list with you?"],
    ],
    answered: {
      hoursAgo: 18 * 24 + 3,
      question: "How much commission do you charge to sell my house?",
      answer:
        "Our listing commission is 2.5% of the sale price, with marketing and professional photos included. You pay nothing until the house sells.",
    },
    approved: {
      days: 17,
      answer:
        "Our listing commission is 2.5% of the sale price, with marketing and professional photos included. You pay nothing until the house is sold.",
    },
  },
  {
    key: "tours",
    asked: [
      [16, "Do you offer virtual tours?"],
      [15, "Can I do a virtual tour before I fly in?"],
    ],
    answered: {
      hoursAgo: 14 * 24 + 5,
      question: "Do you do virtual tours of your listings?",
      answer:
        "Yes: every listing has a 3D virtual tour on our website, and an agent can walk you through any home on a live video call.",
    },
    approved: {
      days: 12,
      answer:
        "Yes: every listing has a 3D virtual tour on our website, and an agent can walk you through any home on a live video call — just ask.",
    },
  },
  {
    key: "hoa",
    asked: [
      [13, "What are the HOA fees at Bayview Towers?"],
      [11, "How much are the HOA fees in Bayview Towers?"],
      [10, "What HOA fees do owners pay at Bayview Towers?"],
    ],
    answered: {
      hoursAgo: 8 * 24 + 2,
      question: "What are the monthly HOA fees at Bayview Towers?",
      answer:
        "The HOA fees at Bayview Towers are $420 a month, covering water, the pool, the gym and building insurance. Each listing shows its own fees.",
    },
    // The fees went up in the new year: the owner corrected the figure.
    approved: {
      days: 6,
      answer:
        "The HOA fees at Bayview Towers are $435 a month, covering water, the pool, the gym and building insurance. Each listing shows its own fees.",
    },
  },
  {
    key: "school",
    asked: [
      [9, "Which school district is the house on Maple Avenue in?"],
      [8, "What school district is the Maple Avenue listing in?"],
    ],
    answered: {
      hoursAgo: 7 * 24 + 4,
      question: "Which school district is Maple Avenue in?",
      answer: "Maple Avenue is in the Harbor Unified School District, I believe.",
    },
    // "I believe" will not do: the owner wrote a proper answer.
    approved: {
      days: 5,
      answer:
        "Every listing names its school district and the nearest schools under 'Neighbourhood'. Maple Avenue is in Harbor Unified; an agent can send you the latest school ratings.",
    },
  },
  {
    key: "airbnb",
    asked: [
      [6, "Can I rent the condo out on Airbnb?"],
      [5, "Can I rent out my condo on Airbnb at Bayview Towers?"],
    ],
    answered: {
      hoursAgo: 3 * 24 + 6,
      question: "Can I rent the Bayview Towers condo out on Airbnb?",
      answer:
        "Bayview Towers allows short-term rentals of 30 days or more only, so Airbnb stays of a few nights are not allowed there.",
    },
    approved: {
      days: 2,
      answer:
        "Bayview Towers allows rentals of 30 days or more only, so Airbnb stays of a few nights are not allowed there.",
    },
  },
  {
    key: "pets",
    asked: [
      [12, "Do you allow pets in your rentals?"],
      [7, "Are pets allowed in your rentals?"],
      [4, "Can I keep a pet in the rental on the harbour?"],
      [1, "Are pets allowed in the two-bed on Shore Road?"],
    ],
    // This morning: still open, its page suggests this answer.
    answered: {
      hoursAgo: 2,
      question: "Do you accept pets in the rentals you manage?",
      answer:
        "Yes, most of our rentals accept cats and small dogs with a pet deposit of one month's rent. Each listing says so under 'Pets'.",
    },
  },
  {
    key: "flood",
    asked: [
      [11, "Is the cottage on Dune Lane in a flood zone?"],
      [6, "Is the beach house in a flood zone?"],
      [3, "Will I need flood insurance for the house on Dune Lane?"],
    ],
  },
  {
    key: "parking",
    asked: [
      [5, "Does the condo on Quay Street come with a parking space?"],
      [2, "Is there a parking space with the Quay Street condo?"],
    ],
  },
  {
    key: "open-house",
    asked: [
      [4, "When is the next open house at 17 Church Lane?"],
      [1, "Is there an open house at Church Lane this weekend?"],
    ],
  },
];

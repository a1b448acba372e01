/**
 * The demo helpdesk shown on first run: three agents, two teams, a mailbox, twenty customers and
 * thirty tickets with their conversations and audit trail. Written only into a database without users.
 */
import { sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "../client";
import {
  categories,
  contacts,
  mailboxes,
  messages,
  tags,
  teamMembers,
  teams,
  ticketEvents,
  tickets,
  ticketTags,
  users,
  type NewMessage,
  type NewTicket,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
} from "../schema";
import { defaultCategories, type DefaultCategorySlug } from "./reference";

export const demoCredentials: ReadonlyArray<{
  role: "admin" | "agent";
  email: string;
  name: string;
  password: string;
}> = [
  { role: "admin", email: "admin@example.com", name: "Ada Admin", password: "demo-admin-pass" },
  { role: "agent", email: "alice@example.com", name: "Alice Agent", password: "demo-agent-pass" },
  { role: "agent", email: "bob@example.com", name: "Bob Agent", password: "demo-agent-pass" },
];

// ---------------------------------------------------------------------------------------------
// The cast
// ---------------------------------------------------------------------------------------------

const userKeys = ["ada", "alice", "bob"] as const;
type UserKey = (typeof userKeys)[number];
const userEmails: Record<UserKey, string> = {
  ada: "admin@example.com",
  alice: "alice@example.com",
  bob: "bob@example.com",
};

const teamKeys = ["support", "billing"] as const;
type TeamKey = (typeof teamKeys)[number];
const demoTeams: Record<
  TeamKey,
  { name: string; description: string; members: ReadonlyArray<{ user: UserKey; isLead: boolean }> }
> = {
  support: {
    name: "Support",
    description: "First line: questions, accounts and technical issues.",
    members: [
      { user: "alice", isLead: true },
      { user: "bob", isLead: false },
      { user: "ada", isLead: false },
    ],
  },
  billing: {
    name: "Billing",
    description: "Invoices, refunds and plan changes.",
    members: [{ user: "bob", isLead: true }],
  },
};

const demoTags = ["vip", "refund", "bug", "onboarding", "outage"] as const;
type TagName = (typeof demoTags)[number];

/** Requesters; scenarios refer to them by index. */
const demoContacts: ReadonlyArray<{ name: string; email: string }> = [
  { name: "Maria Garcia", email: "maria.garcia@example.org" },
  { name: "James Chen", email: "james.chen@example.net" },
  { name: "Priya Patel", email: "priya.patel@example.org" },
  { name: "Tom Becker", email: "tom.becker@example.net" },
  { name: "Sofia Rossi", email: "sofia.rossi@example.org" },
  { name: "Liam O'Brien", email: "liam.obrien@example.net" },
  { name: "Hannah Mueller", email: "hannah.mueller@example.org" },
  { name: "Kenji Tanaka", email: "kenji.tanaka@example.net" },
  { name: "Amara Okafor", email: "amara.okafor@example.org" },
  { name: "Lucas Silva", email: "lucas.silva@example.net" },
  { name: "Emma Johansson", email: "emma.johansson@example.org" },
  { name: "Noah Williams", email: "noah.williams@example.net" },
  { name: "Chloe Dubois", email: "chloe.dubois@example.org" },
  { name: "Diego Hernandez", email: "diego.hernandez@example.net" },
  { name: "Aisha Rahman", email: "aisha.rahman@example.org" },
  { name: "Oliver Smith", email: "oliver.smith@example.net" },
  { name: "Fatima Zahra", email: "fatima.zahra@example.org" },
  { name: "Mateo Lopez", email: "mateo.lopez@example.net" },
  { name: "Grace Kim", email: "grace.kim@example.org" },
  { name: "Daniel Novak", email: "daniel.novak@example.net" },
];

// ---------------------------------------------------------------------------------------------
// The tickets: each entry of `messages` becomes one message; the system ones also change the
// ticket (and leave an audit event). The ticket's final status, assignee and team must match what
// its messages did; `planTicket` checks it.
// ---------------------------------------------------------------------------------------------

/** Minutes since the previous message; a default gap derived from the indexes when omitted. */
type Timing = { after?: number };
type DemoMessage = Timing &
  (
    | { kind: "customer"; text: string }
    | { kind: "reply"; by: UserKey; text: string }
    | { kind: "note"; by: UserKey; text: string }
    | { kind: "claim"; by: UserKey }
    | { kind: "assign"; by: UserKey; to: UserKey }
    | { kind: "team"; by: UserKey; from: TeamKey | null; to: TeamKey }
    | { kind: "status"; by: UserKey | null; to: TicketStatus; reason?: string }
    | { kind: "snooze"; by: UserKey }
  );
type TeamChange = Extract<DemoMessage, { kind: "team" }>;

type Scenario = {
  subject: string;
  category: DefaultCategorySlug;
  priority: TicketPriority;
  channel: TicketChannel;
  status: TicketStatus;
  /** Index into demoContacts. */
  requester: number;
  assignee: UserKey | null;
  team: TeamKey | null;
  tags?: readonly TagName[];
  /** Relative to `now`, in hours (negative: overdue). */
  dueInHours?: number;
  remindInHours?: number;
  snoozeInHours?: number;
  messages: readonly DemoMessage[];
};

const minutes = (n: number) => n;
const hours = (n: number) => n * 60;
const days = (n: number) => n * 24 * 60;

const autoClose = {
  kind: "status",
  by: null,
  to: "closed",
  after: days(3),
  reason: "no reply from the requester for 3 days",
} as const satisfies DemoMessage;

/** In order of creation, oldest first. */
const scenarios: readonly Scenario[] = [
  {
    subject: "How do I add a second admin to our workspace?",
    category: "account",
    priority: "low",
    channel: "email",
    status: "closed",
    requester: 1,
    assignee: "alice",
    team: "support",
    tags: ["onboarding"],
    messages: [
      {
        kind: "customer",
        text: "Hello,\n\nOur office manager needs to manage users and billing while I'm on parental leave next month. How do I give her admin rights? Under Settings I can only find the option to invite regular members.\n\nThanks,\nJames",
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: 'Hi James,\n\nGood question! Go to Settings → Members, open the menu next to her name and choose "Make admin". If she hasn\'t accepted her invitation yet, the option appears after her first sign-in.\n\nEnjoy your leave!\nAlice',
      },
      {
        kind: "customer",
        after: hours(3),
        text: "Found it and it worked perfectly. Thanks for the quick help!",
      },
      { kind: "status", by: "alice", to: "closed" },
    ],
  },
  {
    subject: "Refund for unused seats after downgrade",
    category: "billing",
    priority: "medium",
    channel: "phone",
    status: "closed",
    requester: 2,
    assignee: "bob",
    team: "billing",
    tags: ["refund"],
    messages: [
      {
        kind: "customer",
        text: "Hi, I'm calling about our latest invoice. We downgraded from 25 to 15 seats on the 3rd, but this month we were still charged for all 25. Could you refund the difference to our company card? We'd rather not have it as account credit.",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Priya,\n\nThanks for your call earlier. I've confirmed that the downgrade took effect on the 3rd and issued a prorated refund of $120.00 to the card ending in 4242. It should show up within 5–10 business days, and your next invoice will list 15 seats.\n\nBest,\nBob",
      },
      { kind: "status", by: "bob", to: "resolved" },
      autoClose,
    ],
  },
  {
    subject: "Webhook deliveries failing with SSL handshake error",
    category: "technical",
    priority: "high",
    channel: "web",
    status: "closed",
    requester: 3,
    assignee: "alice",
    team: "support",
    messages: [
      {
        kind: "customer",
        text: 'Since yesterday none of our webhook deliveries arrive. The delivery log in your dashboard shows "SSL handshake failed" for every attempt. We renewed our Let\'s Encrypt certificate two days ago and it validates fine in the browser. Is something wrong on your side?',
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Tom,\n\nI had a look at the delivery log for your endpoint. Your server now sends the new certificate without the intermediate certificate: browsers fill the gap themselves, but our webhook client doesn't. Could you configure the server to send the full chain (fullchain.pem instead of cert.pem)? Failed deliveries are retried automatically for 24 hours, so nothing is lost yet.\n\nAlice",
      },
      {
        kind: "customer",
        after: hours(2),
        text: "That was it. We switched to the full chain and the queued deliveries came through. Thanks a lot!",
      },
      { kind: "status", by: "alice", to: "closed" },
    ],
  },
  {
    subject: "Do you offer a discount for non-profits?",
    category: "general",
    priority: "low",
    channel: "chat",
    status: "closed",
    requester: 4,
    assignee: "bob",
    team: "support",
    messages: [
      {
        kind: "customer",
        text: "Hi there! I volunteer for a small animal shelter and we'd love to use your helpdesk for adoption enquiries. Do you have a discount for registered non-profits? We're a team of three.",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Sofia, we do! Registered non-profits get 50% off any plan. I found your shelter in the charity register and applied the discount to your workspace, so you'll see it on your next invoice. Good luck with the adoptions!",
      },
      { kind: "status", by: "bob", to: "resolved" },
      autoClose,
    ],
  },
  {
    subject: "Export to CSV crashes on large reports",
    category: "bug_report",
    priority: "high",
    channel: "email",
    status: "resolved",
    requester: 5,
    assignee: "alice",
    team: "support",
    tags: ["bug"],
    messages: [
      {
        kind: "customer",
        text: 'When I export the quarterly ticket report to CSV, the page spins for about a minute and then shows "Something went wrong". Smaller date ranges work fine; it seems to break somewhere above 10,000 rows. We need this report for our board meeting on Thursday. Is there a workaround?\n\nLiam',
      },
      { kind: "claim", by: "alice" },
      {
        kind: "note",
        by: "alice",
        text: "Reproduced on staging with a 12k-row report: the export request times out after 60 seconds. Filed ENG-1432 and asked engineering to enable background exports for this workspace. @Bob heads-up, Liam's team asked about slow exports before.",
      },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Liam,\n\nThanks for the detailed report, I could reproduce it. Exports above roughly 10,000 rows currently hit a timeout. We've enabled background exports for your workspace: the export now runs in the background and you'll get an email with a download link when it's ready, usually within a few minutes. Could you give it another try before Thursday?\n\nAlice",
      },
      { kind: "status", by: "alice", to: "resolved" },
    ],
  },
  {
    subject: "Partner programme for IT consultancies?",
    category: "other",
    priority: "low",
    channel: "web",
    status: "closed",
    requester: 10,
    assignee: "bob",
    team: null,
    messages: [
      {
        kind: "customer",
        text: "Hi, I run a small IT consultancy in Gothenburg and several of our clients are looking for a helpdesk tool. Do you have a reseller or partner programme? We'd like to bundle your product with our onboarding services.",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Emma,\n\nThanks for reaching out! We do have a partner programme with volume discounts and a shared dashboard for client workspaces. I've passed your details to our partnerships team, who will contact you this week to set up a call.\n\nBob",
      },
      { kind: "status", by: "bob", to: "resolved" },
      autoClose,
    ],
  },
  {
    subject: "Charged twice for my March invoice",
    category: "billing",
    priority: "medium",
    channel: "email",
    status: "resolved",
    requester: 0,
    assignee: "bob",
    team: "billing",
    tags: ["refund"],
    messages: [
      {
        kind: "customer",
        text: "Hi,\n\nI just noticed two identical charges of $49.00 on our company card for the March invoice (INV-2291). We only have one workspace, so one of them must be a mistake. Could you check and refund the duplicate?\n\nThanks,\nMaria",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "note",
        by: "bob",
        text: "Checked Stripe: duplicate charge confirmed, refund issued. The payment retry fired twice after a card network timeout on the 1st.",
      },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Maria,\n\nThanks for flagging this, and sorry for the trouble. You're right: the payment was captured twice because of a timeout on our side. I've refunded the duplicate $49.00 charge; it should appear on your statement within 5–10 business days. Your March invoice itself is unchanged.\n\nBest regards,\nBob",
      },
      { kind: "status", by: "bob", to: "resolved" },
    ],
  },
  {
    subject: "Countersigned DPA for our legal team",
    category: "other",
    priority: "low",
    channel: "internal",
    status: "closed",
    requester: 7,
    assignee: "ada",
    team: null,
    messages: [
      {
        kind: "customer",
        text: "As discussed on our call with Ada today: our legal team needs a countersigned copy of your Data Processing Agreement before we roll the helpdesk out to our EU offices. Could you send it to me by the end of the month?",
      },
      { kind: "claim", by: "ada" },
      {
        kind: "reply",
        by: "ada",
        text: "Hi Kenji,\n\nGreat speaking with you today. I've sent our Data Processing Agreement via DocuSign, already countersigned on our side. Once your legal team has signed, you'll both receive the final PDF automatically.\n\nBest,\nAda",
      },
      {
        kind: "customer",
        after: days(2),
        text: "Our legal team signed it this morning and we have the final PDF. Thanks, Ada!",
      },
      { kind: "status", by: "ada", to: "closed" },
    ],
  },
  {
    subject: "Please add dark mode",
    category: "feature_request",
    priority: "low",
    channel: "chat",
    status: "resolved",
    requester: 8,
    assignee: "alice",
    team: "support",
    messages: [
      {
        kind: "customer",
        text: "Love the product! One request: could you add a dark mode to the agent console? Half our team works night shifts and the bright white screens are rough at 3 am.",
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Amara, thanks so much for the kind words! Dark mode is on our roadmap and I've added your team's vote to the request. I'll mark this as resolved for now, and we'll let you know as soon as it ships.",
      },
      { kind: "status", by: "alice", to: "resolved" },
    ],
  },
  {
    subject: "Can't reset my password",
    category: "account",
    priority: "medium",
    channel: "email",
    status: "resolved",
    requester: 6,
    assignee: "alice",
    team: "support",
    messages: [
      {
        kind: "customer",
        text: "I requested a password reset three times this morning, but the email never arrives. I've checked my spam folder and our mail filter's quarantine. Can you help me get back into my account? I have a queue of customers waiting.\n\nHannah",
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Hannah,\n\nOur logs show the reset emails were rejected by your company's mail server with \"sender not allowed\". Could you ask your IT team to allow mail from no-reply@example.com? In the meantime I've sent a one-time sign-in link through our backup mail provider; it should arrive within a few minutes.\n\nAlice",
      },
      {
        kind: "customer",
        after: minutes(40),
        text: "The link came through and I'm back in. I've asked IT to allow your address as well. Thank you!",
      },
      { kind: "status", by: "alice", to: "resolved" },
    ],
  },
  {
    subject: "SSO sign-in loops back to the login page for some agents",
    category: "technical",
    priority: "high",
    channel: "email",
    status: "on_hold",
    requester: 9,
    assignee: "alice",
    team: "support",
    tags: ["vip"],
    messages: [
      {
        kind: "customer",
        text: "Since we moved our Okta tenant to our new domain, about a dozen of our agents end up back on the sign-in page after authenticating with SSO. Everyone else signs in fine. The affected agents use password sign-in as a workaround for now, but we'd like to switch that off again soon.\n\nLucas",
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Lucas,\n\nThanks for the details. The SAML responses for the affected agents still carry the old audience URL, which is why we reject them; the value is cached on Okta's side. I've opened a case with Okta and will keep this ticket on hold until they roll out their fix. Password sign-in keeps working in the meantime.\n\nAlice",
      },
      {
        kind: "note",
        by: "alice",
        text: "Okta case 00231874: their fix for cached audience values is scheduled for the next release. @Bob FYI in case Lucas calls while I'm out.",
      },
      { kind: "status", by: "alice", to: "on_hold" },
    ],
  },
  {
    subject: "VAT number missing on invoices",
    category: "billing",
    priority: "medium",
    channel: "email",
    status: "pending",
    requester: 11,
    assignee: "bob",
    team: "billing",
    messages: [
      {
        kind: "customer",
        text: "Hello,\n\nOur accounts department can't process your invoices because they don't show our VAT number. Could you add GB123456789 to all invoices from now on and reissue the ones for January and February?\n\nRegards,\nNoah Williams",
      },
      { kind: "team", by: "alice", from: "support", to: "billing" },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: 'Hi Noah,\n\nI\'ve added the VAT number to your billing profile, so all future invoices will show it. Before I reissue January and February: should they be addressed to "Williams & Co Ltd", as on your billing profile, or to a different registered company name?\n\nBob',
      },
      { kind: "status", by: "bob", to: "pending" },
    ],
  },
  {
    subject: "Remove a former employee's access immediately",
    category: "account",
    priority: "urgent",
    channel: "phone",
    status: "resolved",
    requester: 12,
    assignee: "ada",
    team: "support",
    tags: ["vip"],
    messages: [
      {
        kind: "customer",
        text: "Hi, I'm calling because one of our agents left the company this morning and I can't remove him: the Members page shows an error when I click Remove. He still has access to all our customer conversations, so please revoke his access right away. His address is marc.leroy@example.net.",
      },
      { kind: "claim", by: "ada", after: minutes(5) },
      {
        kind: "note",
        by: "ada",
        text: "Verified Chloe as the workspace owner by calling back the number on file. Deactivated the user and revoked all of his sessions.",
      },
      {
        kind: "reply",
        by: "ada",
        text: "Hi Chloe,\n\nAs discussed on the phone: I've deactivated the account for marc.leroy@example.net and signed out all of his sessions, so he no longer has access. The error on the Members page was caused by an old pending invitation in his name, which I've removed too, so you can manage the member list normally again.\n\nAda",
      },
      { kind: "status", by: "ada", to: "resolved" },
    ],
  },
  {
    subject: "Attachments over 10 MB are silently dropped",
    category: "bug_report",
    priority: "medium",
    channel: "email",
    status: "in_progress",
    requester: 13,
    assignee: "alice",
    team: "support",
    tags: ["bug"],
    messages: [
      {
        kind: "customer",
        text: 'When a customer replies with a PDF larger than about 10 MB, the message arrives but the attachment is missing, and there\'s no error anywhere. Your pricing page says our plan supports attachments up to 25 MB. Example: the reply from our customer on Tuesday at 14:05 in the "Warranty claim" conversation.\n\nDiego',
      },
      { kind: "claim", by: "alice" },
      { kind: "status", by: "alice", to: "in_progress" },
      {
        kind: "note",
        by: "alice",
        text: "Mail logs show the inbound parser drops parts over 10 MiB: the old default limit still applies to this workspace. @Bob could you check whether plan limits are synced to the mail pipeline after an upgrade?",
      },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Diego,\n\nThanks for the example, it helped a lot. You're right: attachments between 10 and 25 MB are being dropped on your plan, which is a bug on our side. Our engineers are working on a fix and I'll update you as soon as it's deployed. Until then, customers can share large files via a download link.\n\nAlice",
      },
    ],
  },
  {
    subject: "DKIM record for our sending domain won't verify",
    category: "technical",
    priority: "medium",
    channel: "web",
    status: "pending",
    requester: 0,
    assignee: "alice",
    team: "support",
    remindInHours: 48,
    messages: [
      {
        kind: "customer",
        text: 'We added the DKIM TXT record for our custom sending domain four days ago, but the settings page still says "Not verified". I checked with dig and the record is there. Did I do something wrong?',
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: 'Hi Maria,\n\nYour record is published, but your DNS provider split the key into two quoted strings with an extra space in between, so the value doesn\'t match. Could you delete the record and add it again, pasting the value as a single line? Then click "Verify again" in the settings and let me know how it goes.\n\nAlice',
      },
      { kind: "status", by: "alice", to: "pending" },
    ],
  },
  {
    subject: "Early access to the Slack integration",
    category: "feature_request",
    priority: "medium",
    channel: "email",
    status: "on_hold",
    requester: 14,
    assignee: "bob",
    team: "support",
    messages: [
      {
        kind: "customer",
        text: "Hi,\n\nWe saw in your changelog that a Slack integration is coming. Our support team practically lives in Slack, so we'd love to join the beta. Is there a waiting list? We're happy to give feedback.\n\nAisha",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Aisha,\n\nGreat to hear you're interested! The Slack beta opens in a couple of weeks and I've put your workspace on the list. I'll keep this ticket on hold and write to you as soon as your access is enabled.\n\nBob",
      },
      { kind: "status", by: "bob", to: "on_hold" },
    ],
  },
  {
    subject: "Switch from monthly to annual billing",
    category: "billing",
    priority: "medium",
    channel: "web",
    status: "pending",
    requester: 2,
    assignee: "bob",
    team: "billing",
    messages: [
      {
        kind: "customer",
        text: "We'd like to switch from monthly to annual billing to get the two months free. Can we do that in the middle of a billing cycle, and what happens to the rest of the current month?",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Priya,\n\nYes, you can switch at any time: the unused part of this month is credited against the annual invoice. I've prepared the change, but it needs approval from the account owner. Could you ask them to click the confirmation link we've just emailed them?\n\nBob",
      },
      { kind: "status", by: "bob", to: "pending" },
    ],
  },
  {
    subject: "Contact import stops at row 500",
    category: "technical",
    priority: "medium",
    channel: "email",
    status: "in_progress",
    requester: 17,
    assignee: "bob",
    team: "support",
    tags: ["onboarding"],
    dueInHours: 30,
    messages: [
      {
        kind: "customer",
        text: "Hello,\n\nWe're migrating from our old helpdesk and tried to import our 3,200 contacts from a CSV file. The import always stops after 500 rows without an error message. Is there a limit? We go live next Monday, so we'd like to have all contacts in before then.\n\nMateo",
      },
      { kind: "assign", by: "ada", to: "bob" },
      { kind: "status", by: "bob", to: "in_progress" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Mateo,\n\nThere's no row limit, but the import stops at the first row it can't read, and row 501 of your file contains an unescaped line break in the address column. I'm preparing a cleaned-up copy of your file and will import it for you today, so everything is in place well before Monday.\n\nBob",
      },
    ],
  },
  {
    subject: "Refund for an annual plan cancelled after five days",
    category: "billing",
    priority: "high",
    channel: "chat",
    status: "in_progress",
    requester: 18,
    assignee: "bob",
    team: "billing",
    tags: ["refund"],
    messages: [
      {
        kind: "customer",
        text: "Hi! We bought the annual Business plan last week, but our company has just been acquired and we won't be using it. We cancelled after five days. Your terms mention a 14-day money-back guarantee: how do we get the refund?",
      },
      { kind: "team", by: "alice", from: "support", to: "billing" },
      { kind: "claim", by: "bob" },
      { kind: "status", by: "bob", to: "in_progress" },
      {
        kind: "note",
        by: "bob",
        text: "Within the 14-day window, so the refund is approved. Amounts over $1,000 need sign-off from finance; requested it this afternoon. Thanks @Alice for routing this to us.",
      },
    ],
  },
  {
    subject: "Weekly summary email arrives on Sunday instead of Monday",
    category: "general",
    priority: "low",
    channel: "web",
    status: "open",
    requester: 19,
    assignee: "bob",
    team: "support",
    snoozeInHours: 40,
    messages: [
      {
        kind: "customer",
        text: "Our weekly summary email is supposed to arrive on Monday morning, but it shows up on Sunday evening. We're in Sydney, if that matters. Could you check the schedule?",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Daniel,\n\nThanks for letting us know. The schedule was using UTC instead of your workspace time zone, which turns Monday morning in Sydney into Sunday evening. I've corrected the time zone, so the next summary should arrive on Monday morning your time. I'll check back after it has been sent.\n\nBob",
      },
      { kind: "snooze", by: "bob" },
    ],
  },
  {
    subject: "Two-factor codes rejected after switching phones",
    category: "account",
    priority: "high",
    channel: "phone",
    status: "pending",
    requester: 3,
    assignee: "alice",
    team: "support",
    remindInHours: 20,
    messages: [
      {
        kind: "customer",
        text: "I got a new phone over the weekend and moved my authenticator app, but the codes are rejected every time. My recovery codes are in the office safe and I'm travelling all week, so I need access to answer our customers.",
      },
      { kind: "claim", by: "alice" },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Tom,\n\nSorry about the hassle. For your security I can only reset two-factor authentication after verifying your identity. Please reply from your registered email address with the last four digits of the card on your account and the date of your most recent invoice, and I'll reset it right away.\n\nAlice",
      },
      { kind: "status", by: "alice", to: "pending" },
    ],
  },
  {
    subject: "Custom fields missing from the tickets API response",
    category: "bug_report",
    priority: "high",
    channel: "email",
    status: "in_progress",
    requester: 5,
    assignee: "alice",
    team: "support",
    tags: ["bug"],
    dueInHours: -5,
    messages: [
      {
        kind: "customer",
        text: "Since Tuesday, GET /v1/tickets/{id} no longer includes the custom_fields object, which breaks the sync to our CRM. The console still shows the fields on the tickets. Did something change in the API?\n\nLiam",
      },
      { kind: "claim", by: "alice" },
      { kind: "status", by: "alice", to: "in_progress" },
      {
        kind: "reply",
        by: "alice",
        text: "Hi Liam,\n\nThanks for the report. Tuesday's release accidentally put custom fields behind the include=custom_fields parameter for API keys created before 2023. A fix restoring the old behaviour is being tested now. Until it's out, adding ?include=custom_fields to your requests works as a workaround.\n\nAlice",
      },
    ],
  },
  {
    subject: "Acknowledgement emails in German",
    category: "feature_request",
    priority: "medium",
    channel: "web",
    status: "pending",
    requester: 6,
    assignee: "bob",
    team: "support",
    messages: [
      {
        kind: "customer",
        text: "Most of our customers are in Germany and Austria, but the automatic acknowledgement email is in English only. Can it be sent in German, or even in each customer's own language?",
      },
      { kind: "claim", by: "bob" },
      {
        kind: "reply",
        by: "bob",
        text: "Hi Hannah,\n\nYou can already write your own acknowledgement text per mailbox under Settings → Mailboxes, so a German version works today. Sending it in each customer's language is on our roadmap. Would a German-only acknowledgement work for you for now? If so, I'm happy to set it up.\n\nBob",
      },
      { kind: "status", by: "bob", to: "pending" },
    ],
  },
  {
    subject: "Set up routing for three mailboxes before go-live",
    category: "general",
    priority: "medium",
    channel: "internal",
    status: "in_progress",
    requester: 16,
    assignee: "ada",
    team: "support",
    tags: ["onboarding"],
    messages: [
      {
        kind: "customer",
        text: "Thanks for the demo yesterday! As agreed, here are our three inboxes: sales@, support@ and invoices@. We'd like invoices@ to go straight to our finance team and everything else to the support team. Could you help us set this up before we go live on the 1st?",
      },
      { kind: "claim", by: "ada" },
      { kind: "status", by: "ada", to: "in_progress" },
      {
        kind: "reply",
        by: "ada",
        text: "Hi Fatima,\n\nThanks again for your time yesterday. I've connected all three inboxes and created a rule that routes invoices@ to your finance team; sales@ and support@ go to support. Could you send a test email to each address so we can check the routing together on Thursday?\n\nAda",
      },
      {
        kind: "note",
        by: "ada",
        text: "@Alice could you join Thursday's follow-up call with Fatima and walk her team through the routing rules and macros?",
      },
    ],
  },
  {
    subject: "How long do you keep closed tickets?",
    category: "other",
    priority: "low",
    channel: "web",
    status: "open",
    requester: 7,
    assignee: null,
    team: null,
    messages: [
      {
        kind: "customer",
        text: "Our data protection officer is asking how long closed tickets and their attachments are stored, and whether we can delete them earlier. Is there a retention setting?",
      },
      {
        kind: "customer",
        after: hours(2),
        text: "One more question from our DPO: are backups deleted on the same schedule, or are they kept longer?",
      },
    ],
  },
  {
    subject: "Invoice PDF download shows a blank page",
    category: "bug_report",
    priority: "medium",
    channel: "email",
    status: "open",
    requester: 8,
    assignee: null,
    team: "support",
    tags: ["bug"],
    messages: [
      {
        kind: "customer",
        text: 'Hi,\n\nWhen I click "Download PDF" on any of our invoices, a new tab opens with a blank page. This started this week; last month it worked fine. I need the February invoice for our bookkeeping.\n\nAmara',
      },
      {
        kind: "customer",
        after: minutes(25),
        text: "Forgot to mention: it's the same in Chrome and Edge on Windows 11, and on my colleague's Mac.",
      },
    ],
  },
  {
    subject: "API returns 502 since this morning",
    category: "technical",
    priority: "urgent",
    channel: "email",
    status: "in_progress",
    requester: 15,
    assignee: "alice",
    team: "support",
    tags: ["outage", "vip"],
    dueInHours: 4,
    messages: [
      {
        kind: "customer",
        text: "Since about 7:40 this morning, roughly a third of our calls to POST /v1/tickets return 502 Bad Gateway. Nothing changed on our side, and our customers can't submit requests through our portal. Request IDs from two failures: req_8f2a1c and req_8f2b77.\n\nOliver",
      },
      { kind: "claim", by: "alice", after: minutes(8) },
      { kind: "status", by: "alice", to: "in_progress", after: minutes(2) },
      {
        kind: "note",
        by: "alice",
        after: minutes(10),
        text: "Correlates with the load balancer rollout at 07:35. @Bob paged the infrastructure team and updated the status page.",
      },
      {
        kind: "reply",
        by: "alice",
        after: minutes(6),
        text: "Hi Oliver,\n\nThanks for the request IDs. We've confirmed a problem with one of our load balancers since 07:35 that affects a share of API requests. Our infrastructure team is rolling back the change now, and I'll update you here as soon as error rates are back to normal. Failed requests were not processed, so retrying them is safe.\n\nAlice",
      },
    ],
  },
  {
    subject: "Customer portal: Submit button does nothing",
    category: "technical",
    priority: "high",
    channel: "chat",
    status: "open",
    requester: 13,
    assignee: null,
    team: "support",
    tags: ["outage"],
    messages: [
      {
        kind: "customer",
        text: "Hi, our customers are telling us the Submit button on our support portal does nothing. I tried it myself: the spinner appears for a few seconds and then the form just resets. Is something down?",
      },
      {
        kind: "note",
        by: "bob",
        text: "@Alice this looks like the same load balancer problem as Oliver's 502 ticket: the portal posts to the same API. Leaving it unassigned so whoever handles the incident can pick it up.",
      },
    ],
  },
  {
    subject: "Option to merge duplicate contacts",
    category: "feature_request",
    priority: "low",
    channel: "web",
    status: "open",
    requester: 10,
    assignee: null,
    team: "support",
    messages: [
      {
        kind: "customer",
        text: "Quite a few of our customers write to us from both their work and private addresses, so they show up as two contacts. Could you add a way to merge contacts, so we see their full history in one place?",
      },
      {
        kind: "customer",
        after: hours(1),
        text: "To clarify: ideally the merged contact would keep both email addresses, so our replies still reach them wherever they wrote from.",
      },
    ],
  },
  {
    subject: "Forwarded emails don't create tickets",
    category: "technical",
    priority: "medium",
    channel: "email",
    status: "open",
    requester: 12,
    assignee: null,
    team: "support",
    tags: ["onboarding"],
    messages: [
      {
        kind: "customer",
        text: "Hello,\n\nI've set up forwarding from our help@ address to the support address you gave us, but no tickets appear in the console. Gmail says the forwarding address is verified. What am I missing?\n\nChloe",
      },
      {
        kind: "customer",
        after: minutes(35),
        text: "Update: I sent another test from my personal account just now, and there's still nothing in the console. I hope it's something simple!",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const SPAN_MINUTES = days(21) - hours(9);
/** Serialises concurrent first start-ups: the second one waits, then finds the users. */
const DEMO_SEED_LOCK_ID = 7_401_002;

/**
 * Writes the demo helpdesk unless the database already has users. Categories must exist
 * (`ensureReferenceData`). Deterministic for a given `now`.
 */
export async function seedDemo(
  db: Database,
  options: { now?: Date } = {},
): Promise<{ created: boolean }> {
  if (await hasUsers(db)) return { created: false };
  const now = options.now ?? new Date();
  // Hashing is slow: once per distinct password, before the transaction opens.
  const passwordHashes = new Map(
    await Promise.all(
      [...new Set(demoCredentials.map((c) => c.password))].map(
        async (password) => [password, await hashPassword(password)] as const,
      ),
    ),
  );

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK_ID})`);
    if (await hasUsers(tx)) return { created: false };
    await insertDemo(tx, now, passwordHashes);
    return { created: true };
  });
}

async function hasUsers(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

type Ids = {
  user: Record<UserKey, number>;
  team: Record<TeamKey, number>;
  tag: Record<TagName, number>;
  category: Record<DefaultCategorySlug, number>;
  /** By index into demoContacts. */
  contact: readonly number[];
  mailbox: number;
};

async function insertDemo(
  tx: Database,
  now: Date,
  passwordHashes: ReadonlyMap<string, string>,
): Promise<void> {
  const setupAt = new Date(now.getTime() - days(22) * MINUTE_MS);
  const stamps = { createdAt: setupAt, updatedAt: setupAt };

  const categoryRows = await tx
    .select({ id: categories.id, slug: categories.slug })
    .from(categories);
  const category = byKey(
    defaultCategories.map((c) => c.slug),
    (slug) => categoryRows.find((c) => c.slug === slug)?.id,
    "category (run ensureReferenceData first)",
  );

  const userRows = await tx
    .insert(users)
    .values(
      demoCredentials.map((c) => ({
        email: c.email,
        name: c.name,
        role: c.role,
        passwordHash: passwordHashes.get(c.password) ?? null,
        isActive: true,
        ...stamps,
      })),
    )
    .returning({ id: users.id, email: users.email });
  const user = byKey(
    userKeys,
    (key) => userRows.find((u) => u.email === userEmails[key])?.id,
    "user",
  );

  const teamRows = await tx
    .insert(teams)
    .values(
      teamKeys.map((key) => ({
        name: demoTeams[key].name,
        description: demoTeams[key].description,
        ...stamps,
      })),
    )
    .returning({ id: teams.id, name: teams.name });
  const team = byKey(
    teamKeys,
    (key) => teamRows.find((t) => t.name === demoTeams[key].name)?.id,
    "team",
  );
  await tx.insert(teamMembers).values(
    teamKeys.flatMap((key) =>
      demoTeams[key].members.map((m) => ({
        teamId: team[key],
        userId: user[m.user],
        isLead: m.isLead,
        createdAt: setupAt,
      })),
    ),
  );

  const [mailbox] = await tx
    .insert(mailboxes)
    .values({
      name: "Support",
      address: "support@example.com",
      // The public web form: /support/support.
      slug: "support",
      isDefault: true,
      defaultTeamId: team.support,
      defaultCategoryId: category.general,
      acknowledgementEnabled: true,
      acknowledgementMessage:
        "Thanks for getting in touch! We've received your message and one of our agents will get back to you soon, usually within one business day. If you have anything to add, just reply to this email.",
      ...stamps,
    })
    .returning({ id: mailboxes.id });
  if (!mailbox) throw new Error("Demo seed: the mailbox was not created");

  const tagRows = await tx
    .insert(tags)
    .values(demoTags.map((name) => ({ name, createdAt: setupAt })))
    .returning({ id: tags.id, name: tags.name });
  const tag = byKey(demoTags, (name) => tagRows.find((t) => t.name === name)?.id, "tag");

  // A contact appears when their first ticket comes in.
  const contactRows = await tx
    .insert(contacts)
    .values(
      demoContacts.map((c, index) => {
        const first = scenarios.findIndex((s) => s.requester === index);
        const seenAt = first >= 0 ? ticketCreatedAt(first, now) : setupAt;
        return { ...c, firstSeenAt: seenAt, createdAt: seenAt, updatedAt: seenAt };
      }),
    )
    .returning({ id: contacts.id, email: contacts.email });
  const contact = demoContacts.map((c) => {
    const id = contactRows.find((row) => row.email === c.email)?.id;
    if (id === undefined) throw new Error(`Demo seed: contact ${c.email} was not created`);
    return id;
  });

  const ids: Ids = { user, team, tag, category, contact, mailbox: mailbox.id };
  const plans = scenarios.map((s, index) => planTicket(s, index, now, ids));

  // One multi-row insert in creation order, so ticket numbers follow creation time.
  const ticketRows = await tx
    .insert(tickets)
    .values(plans.map((p) => p.ticket))
    .returning({ id: tickets.id, subject: tickets.subject });
  const ticketIds = plans.map((p) => {
    const id = ticketRows.find((row) => row.subject === p.ticket.subject)?.id;
    if (id === undefined)
      throw new Error(`Demo seed: ticket "${p.ticket.subject}" was not created`);
    return id;
  });
  const ticketIdAt = (index: number): number => {
    const id = ticketIds[index];
    if (id === undefined) throw new Error(`Demo seed: no ticket #${index}`);
    return id;
  };

  const tagLinks = plans.flatMap((p, index) =>
    p.tagIds.map((tagId) => ({ ticketId: ticketIdAt(index), tagId })),
  );
  if (tagLinks.length > 0) await tx.insert(ticketTags).values(tagLinks);
  await tx
    .insert(messages)
    .values(
      plans.flatMap((p, index) => p.messages.map((m) => ({ ...m, ticketId: ticketIdAt(index) }))),
    );
  await tx
    .insert(ticketEvents)
    .values(
      plans.flatMap((p, index) => p.events.map((e) => ({ ...e, ticketId: ticketIdAt(index) }))),
    );
}

type NewTicketEvent = typeof ticketEvents.$inferInsert;
type PlannedTicket = {
  ticket: NewTicket;
  tagIds: number[];
  messages: Omit<NewMessage, "ticketId">[];
  events: Omit<NewTicketEvent, "ticketId">[];
};

/** Oldest ticket 21 days before `now`, newest a few hours before; denser towards the present. */
function ticketCreatedAt(index: number, now: Date): Date {
  const ageMinutes =
    Math.round(SPAN_MINUTES * (1 - index / scenarios.length) ** 1.4) +
    hours(4) +
    ((index * 37) % 50);
  return new Date(now.getTime() - ageMinutes * MINUTE_MS);
}

/** Minutes between two messages of a ticket when the scenario doesn't say. */
function defaultGap(index: number, position: number): number {
  return 20 + ((index * 31 + position * 17) % 100);
}

/** Replays a scenario's messages: rows for the ticket, its messages and its audit events. */
function planTicket(s: Scenario, index: number, now: Date, ids: Ids): PlannedTicket {
  const number = index + 1;
  const fail = (problem: string) => new Error(`Demo ticket "${s.subject}": ${problem}`);
  const requesterId = ids.contact[s.requester];
  if (requesterId === undefined) throw fail(`no contact #${s.requester}`);
  if (s.messages.length < 2 || s.messages.length > 5) throw fail("needs 2 to 5 messages");
  const isEmail = s.channel === "email";
  const userId = (key: UserKey | null) => (key === null ? null : ids.user[key]);
  const teamId = (key: TeamKey | null) => (key === null ? null : ids.team[key]);

  const firstTeamChange = s.messages.find((m): m is TeamChange => m.kind === "team");
  let status: TicketStatus = "open";
  let assignee: UserKey | null = null;
  let team: TeamKey | null = firstTeamChange ? firstTeamChange.from : s.team;
  let resolvedAt: Date | null = null;
  let closedAt: Date | null = null;
  const snoozedUntil = hoursFromNow(now, s.snoozeInHours);

  const rows: PlannedTicket["messages"] = [];
  const events: PlannedTicket["events"] = [];
  let at = ticketCreatedAt(index, now).getTime();
  const createdAt = new Date(at);

  s.messages.forEach((m, position) => {
    if (position === 0) {
      if (m.kind !== "customer") throw fail("the requester must write first");
    } else {
      at += (m.after ?? defaultGap(index, position)) * MINUTE_MS;
    }
    const time = new Date(at);
    const system = (bodyText: string) => rows.push({ kind: "system", bodyText, createdAt: time });
    const event = (type: string, actorUserId: number | null, data: Record<string, unknown>) =>
      events.push({ type, actorUserId, data, createdAt: time });
    const messageId = (domain: string) =>
      isEmail ? `<demo-${number}-${position + 1}@${domain}>` : null;

    switch (m.kind) {
      case "customer":
        rows.push({
          kind: "reply",
          authorContactId: requesterId,
          bodyText: m.text,
          emailMessageId: messageId("example.org"),
          createdAt: time,
        });
        if (position === 0) {
          events.push({
            type: "ticket.created",
            actorContactId: requesterId,
            data: { channel: s.channel, priority: s.priority, category: s.category },
            createdAt: time,
          });
        }
        break;
      case "reply":
        rows.push({
          kind: "reply",
          authorUserId: ids.user[m.by],
          bodyText: m.text,
          emailMessageId: messageId("example.com"),
          createdAt: time,
        });
        break;
      case "note":
        rows.push({
          kind: "note",
          authorUserId: ids.user[m.by],
          bodyText: m.text,
          createdAt: time,
        });
        break;
      case "claim":
      case "assign": {
        const to = m.kind === "claim" ? m.by : m.to;
        system(
          m.kind === "claim"
            ? `${userName(m.by)} claimed the ticket`
            : `${userName(m.by)} assigned the ticket to ${userName(to)}`,
        );
        event("ticket.assigned", ids.user[m.by], {
          assigneeId: ids.user[to],
          previousAssigneeId: userId(assignee),
        });
        assignee = to;
        break;
      }
      case "team":
        if (m.from !== team) throw fail(`moved from team ${m.from} but was in ${team}`);
        system(`${userName(m.by)} assigned the ticket to team ${demoTeams[m.to].name}`);
        event("ticket.team_changed", ids.user[m.by], {
          teamId: ids.team[m.to],
          previousTeamId: teamId(team),
        });
        team = m.to;
        break;
      case "status": {
        const change = `from ${statusLabels[status]} to ${statusLabels[m.to]}`;
        const reason = m.reason ? `: ${m.reason}` : "";
        system(
          m.by === null
            ? `Status changed ${change}${reason}`
            : `${userName(m.by)} changed the status ${change}${reason}`,
        );
        event("ticket.status_changed", userId(m.by), { from: status, to: m.to });
        status = m.to;
        if (status === "resolved") {
          resolvedAt = time;
          closedAt = null;
        } else if (status === "closed") {
          resolvedAt ??= time;
          closedAt = time;
        } else {
          resolvedAt = null;
          closedAt = null;
        }
        break;
      }
      case "snooze": {
        if (!snoozedUntil) throw fail("snoozed without snoozeInHours");
        const daysLeft = Math.max(1, Math.round((snoozedUntil.getTime() - at) / DAY_MS));
        system(
          `${userName(m.by)} snoozed the ticket for ${daysLeft} day${daysLeft === 1 ? "" : "s"}`,
        );
        event("ticket.snoozed", ids.user[m.by], { until: snoozedUntil.toISOString() });
        break;
      }
    }
  });

  if (status !== s.status) throw fail(`ends ${status}, declared ${s.status}`);
  if (assignee !== s.assignee) throw fail(`ends with assignee ${assignee}, declared ${s.assignee}`);
  if (team !== s.team) throw fail(`ends in team ${team}, declared ${s.team}`);
  if (status !== "open" && assignee === null) throw fail(`${status} without an assignee`);
  if (at > now.getTime()) throw fail("its conversation ends in the future");
  const lastAt = new Date(at);

  return {
    ticket: {
      subject: s.subject,
      status,
      priority: s.priority,
      channel: s.channel,
      categoryId: ids.category[s.category],
      requesterId,
      assigneeId: userId(assignee),
      teamId: teamId(team),
      mailboxId: isEmail ? ids.mailbox : null,
      dueAt: hoursFromNow(now, s.dueInHours),
      snoozedUntil,
      remindAt: hoursFromNow(now, s.remindInHours),
      lastMessageAt: lastAt,
      resolvedAt,
      closedAt,
      createdAt,
      updatedAt: lastAt,
    },
    tagIds: (s.tags ?? []).map((name) => ids.tag[name]),
    messages: rows,
    events,
  };
}

const statusLabels: Record<TicketStatus, string> = {
  open: "Open",
  pending: "Pending",
  in_progress: "In progress",
  on_hold: "On hold",
  resolved: "Resolved",
  closed: "Closed",
};

function userName(key: UserKey): string {
  const email = userEmails[key];
  const credentials = demoCredentials.find((c) => c.email === email);
  if (!credentials) throw new Error(`Demo seed: no credentials for ${email}`);
  return credentials.name;
}

function hoursFromNow(now: Date, hoursAhead: number | undefined): Date | null {
  return hoursAhead === undefined ? null : new Date(now.getTime() + hoursAhead * HOUR_MS);
}

function byKey<K extends string>(
  keys: readonly K[],
  idOf: (key: K) => number | undefined,
  what: string,
): Record<K, number> {
  const result = {} as Record<K, number>;
  for (const key of keys) {
    const id = idOf(key);
    if (id === undefined) throw new Error(`Demo seed: no ${what} "${key}"`);
    result[key] = id;
  }
  return result;
}

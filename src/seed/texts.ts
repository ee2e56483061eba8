// Sentence templates for activities, tickets and reminders. They read like notes a rep would
// actually write, so that search, summaries and "what happened with Acme?" answers look real.
// Placeholders: {first} contact first name, {contact} full name, {company}, {product}, {n}, {day}.
import type { Rng } from './random.js';

export const ACTIVITY_TEMPLATES = {
  call: [
    'Call with {first} about the {product} renewal; they want a quote by the end of the month.',
    'Discovery call with {contact}: {n} seats, evaluating us against two other vendors.',
    'Left a voicemail for {first} about the overdue invoice.',
    'Quick check-in with {first}: rollout is going well, asked about {product}.',
    '{first} called about pricing for {n} more seats; sent them to the Pro Plan page.',
    'Call with {first} and their finance team about moving to annual billing.',
    'Intro call with {contact}, referred by an existing customer. Strong fit.',
    'Escalation call with {first} about the outage last {day}; walked through the incident report.',
    'Negotiation call with {first}: asking for 15% off if they sign this quarter.',
    'Called {first} to confirm the onboarding kickoff date.',
  ],
  meeting: [
    'On-site demo of {product} for {first} and their team.',
    'QBR with {contact}: usage is up, discussed expanding to the finance department.',
    'Kickoff meeting for {company} onboarding; agreed on a {n}-week plan.',
    'Workshop with {first} on reporting; they want dashboards per region.',
    'Lunch with {first} to talk about next year\'s budget.',
    'Security review meeting with {first} and their IT team; SSO is a must-have.',
    'Executive sponsor meeting at {company}: renewal looks safe.',
    'Met {first} at the conference booth; interested in {product}.',
  ],
  email: [
    'Sent pricing for {product} to {first}.',
    '{first} asked for the security questionnaire; sent our SOC 2 report.',
    'Followed up with {first} after the webinar.',
    'Emailed {contact} the proposal for {n} seats.',
    '{first} replied: they need sign-off from procurement before {day}.',
    'Sent {first} the contract redlines back with our comments.',
    'Shared the case study on {product} with {first}.',
    '{first} asked to move our call to next {day}.',
    'Sent renewal reminder to {contact}; contract ends next quarter.',
    'Thanked {first} for the referral.',
  ],
  note: [
    '{company} has a budget freeze until next quarter.',
    'Champion {first} is leaving in the spring; we need a new sponsor at {company}.',
    '{company} is also talking to a competitor; price will matter.',
    'Decision maker is the CFO, not {first}.',
    '{company} opened a new office and may need {n} more seats.',
    'Risk: usage dropped 30% last month at {company}.',
    '{first} prefers email over calls; mornings only.',
    'Procurement at {company} needs three quotes for anything over $10k.',
  ],
} as const;

export type ActivityKind = keyof typeof ACTIVITY_TEMPLATES;

export const TICKET_SUBJECTS = [
  'Cannot log in after password reset',
  'Invoice shows the wrong VAT number',
  'CSV export times out',
  'SSO with Okta failing for new users',
  'Dashboard very slow to load',
  'Need to add {n} more seats',
  'API returns 429 rate limit errors',
  'Webhook deliveries are delayed',
  'Data import stuck at 80%',
  'Mobile app crashes on startup',
  'Billing address change',
  'Duplicate contacts after the sync',
  'Report totals do not match the export',
  'Email notifications not arriving',
  'Request: custom fields on deals',
  'Two-factor codes rejected',
  'Cannot remove a former employee',
  'Charged twice this month',
] as const;

export const TICKET_DESCRIPTIONS = [
  '{first} at {company} reports the problem started on {day}. Affects {n} users.',
  '{contact} wrote in: "This is blocking our month-end close, please help."',
  'Reported by {first} by phone. Steps to reproduce attached in the email thread.',
  '{first} says it works in one browser but not another. Screenshots sent.',
  'Customer noticed this after the last release. {n} records affected.',
] as const;

export const TICKET_COMMENTS = [
  'Asked {first} for a screenshot and the time it happened.',
  'Reproduced on our side; raised with engineering.',
  'Engineering has a fix in review.',
  'Workaround sent to {first}: clear the cache and retry.',
  '{first} confirms the workaround helps.',
  'Waiting on the customer to reply.',
  'Fix deployed; asked {first} to confirm.',
  'Refund issued for the duplicate charge.',
  'Escalated: this affects several customers.',
] as const;

export const REMINDER_TEMPLATES = [
  'Call {contact} at {company} about the renewal',
  'Send the proposal to {company}',
  'Follow up with {first} on the pricing email',
  'Check in with {company} after the onboarding',
  'Prepare the QBR deck for {company}',
  'Ask {first} for a case-study quote',
] as const;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;

export interface TextContext {
  contact?: string;
  company: string;
  product?: string;
}

/** Fills a template; missing contact or product fall back to words that still read naturally. */
export function fill(rng: Rng, template: string, ctx: TextContext): string {
  const contact = ctx.contact ?? 'the team';
  const first = ctx.contact ? contact.split(' ')[0]! : 'the team';
  return template
    .replace(/\{first\}/g, first)
    .replace(/\{contact\}/g, contact)
    .replace(/\{company\}/g, ctx.company)
    .replace(/\{product\}/g, ctx.product ?? 'the Pro Plan')
    .replace(/\{n\}/g, () => String(rng.int(2, 60)))
    .replace(/\{day\}/g, () => rng.pick(WEEKDAYS));
}

/** Sentences start with a capital even when {first} became "the team". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

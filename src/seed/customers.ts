// Customers and their contacts. Names, domains and emails are made unique with registries that
// are filled in customer order, so the same seed always yields the same names even at --scale 333.
import { WELL_KNOWN_CUSTOMERS } from './catalog.js';
import type { Country, Lifecycle, PlannedContact, PlannedCustomer, SeedContext, SeedMix, Tier } from './context.js';
import { DAY_MS, Rng, addMs, minDate } from './random.js';
import {
  CITIES, CONTACT_TITLES, FIRST_NAMES, INDUSTRIES, INDUSTRY_NOUNS, LAST_NAMES, NAME_PREFIX_HEADS, NAME_PREFIX_TAILS,
  NAME_PREFIX_WORDS, NAME_SUFFIXES, PERSONAL_MAIL_DOMAINS, slug,
} from './words.js';

/** Names and addresses already handed out; seeded with the well-known ones so nothing clashes. */
export class NameRegistry {
  readonly names = new Set<string>(WELL_KNOWN_CUSTOMERS.map((c) => c.name.toLowerCase()));
  readonly domains = new Set<string>(WELL_KNOWN_CUSTOMERS.map((c) => c.domain));
  readonly emails = new Set<string>();

  /** Returns `name` or the first free "name 2", "name 3"…, compared case-insensitively. */
  claimName(name: string): string {
    let candidate = name;
    for (let n = 2; this.names.has(candidate.toLowerCase()); n++) candidate = `${name} ${n}`;
    this.names.add(candidate.toLowerCase());
    return candidate;
  }

  /** Returns `base` or the first free `base2`, `base3`…, and reserves it. */
  claim(set: Set<string>, base: string, make: (n: number) => string = (n) => `${base}${n}`): string {
    let candidate = base;
    for (let n = 2; set.has(candidate); n++) candidate = make(n);
    set.add(candidate);
    return candidate;
  }
}

// Fictional-number ranges where they exist (US 555-01xx, UK Ofcom drama numbers), so a demo
// never dials a real person.
const US_AREAS = ['212', '617', '312', '415', '206', '512', '303', '404', '305', '503', '602', '214'];
const UK_PREFIXES = ['2079460', '1614960', '1134960', '1174960'];
const DE_PREFIXES = ['30', '40', '89', '221', '341'];

export function phoneFor(rng: Rng, country: Country): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  if (country === 'US') return `+1${rng.pick(US_AREAS)}55501${digits(2)}`;
  if (country === 'UK') return `+44${rng.pick(UK_PREFIXES)}${digits(3)}`;
  const area = rng.pick(DE_PREFIXES);
  return `+49${area}${digits(11 - area.length)}`;
}

function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** "Silverbrook Freight", "Atlas Health", falling back to suffixes and cities when taken. */
function companyName(rng: Rng, registry: NameRegistry): { name: string; domain: string; industry: string } {
  const industry = rng.pick(INDUSTRIES);
  const noun = rng.pick(INDUSTRY_NOUNS[industry]);
  let prefix = rng.chance(0.6) ? `${rng.pick(NAME_PREFIX_HEADS)}${rng.pick(NAME_PREFIX_TAILS)}` : rng.pick(NAME_PREFIX_WORDS);
  // "Northwind" belongs to the well-known Northwind Traders: keep it unambiguous.
  if (prefix === 'Northwind') prefix = 'Northfield';
  let name = `${prefix} ${noun}`;
  if (registry.names.has(name.toLowerCase())) name = `${name} ${rng.pick(NAME_SUFFIXES)}`;
  if (registry.names.has(name.toLowerCase())) name = `${prefix} ${noun} ${rng.pick(CITIES)}`;
  name = registry.claimName(name);
  const domain = registry.claim(registry.domains, `${slug(prefix)}${slug(noun)}.example`, (n) => `${slug(prefix)}${slug(noun)}${n}.example`);
  return { name, domain, industry };
}

function lifecycleTier(rng: Rng): { lifecycle: Lifecycle; tier: Tier } {
  const lifecycle = rng.weighted<Lifecycle>([['lead', 18], ['prospect', 14], ['customer', 53], ['churned', 15]]);
  if (lifecycle === 'customer') return { lifecycle, tier: rng.weighted<Tier>([['whale', 9], ['regular', 50], ['small', 41]]) };
  if (lifecycle === 'churned') return { lifecycle, tier: rng.weighted<Tier>([['regular', 40], ['small', 60]]) };
  return { lifecycle, tier: 'none' };
}

function createdAtFor(rng: Rng, now: Date, lifecycle: Lifecycle): Date {
  const daysAgo = (from: number, to: number) => addMs(now, -rng.int(from, to) * DAY_MS - rng.int(0, 86_399) * 1000);
  if (lifecycle === 'lead') return daysAgo(2, 300);
  if (lifecycle === 'prospect') return daysAgo(20, 500);
  if (lifecycle === 'churned') return daysAgo(400, 1100);
  return daysAgo(45, 1100);
}

/** Plans customer `index` (0-based), writes it and its contacts, and returns it for the children. */
export function seedCustomer(ctx: SeedContext, registry: NameRegistry, index: number): PlannedCustomer {
  const rng = (purpose: string) => Rng.stream(ctx.seed, purpose, index);
  const r = rng('customer');
  const id = ctx.ids.next('customers');
  const fixed = WELL_KNOWN_CUSTOMERS[index];
  const country: Country = fixed?.country ?? r.weighted<Country>([['US', 70], ['UK', 18], ['DE', 12]]);
  const kind = fixed || r.chance(0.9) ? 'company' : 'person';

  let name: string, domain: string | null, industry: string | null, email: string;
  if (fixed) {
    ({ name, domain, industry } = fixed);
    email = `info@${fixed.domain}`;
  } else if (kind === 'company') {
    ({ name, domain, industry } = companyName(r, registry));
    email = `${r.pick(['info', 'hello', 'contact', 'office'])}@${domain}`;
  } else {
    name = personName(r);
    domain = industry = null;
    const local = name.split(' ').map(slug).join('.');
    const mailDomain = r.pick(PERSONAL_MAIL_DOMAINS);
    email = registry.claim(registry.emails, `${local}@${mailDomain}`, (n) => `${local}${n}@${mailDomain}`);
  }

  const { lifecycle, tier } = fixed
    ? { lifecycle: 'customer' as const, tier: (index === 0 ? 'whale' : 'regular') as Tier }
    : lifecycleTier(r);
  const createdAt = fixed ? addMs(ctx.now, -(700 + index * 37) * DAY_MS) : createdAtFor(r, ctx.now, lifecycle);
  const owner = fixed ? ctx.sales[fixed.salesOwner % ctx.sales.length]! : r.weighted(ctx.sales.map((s, i) => [s, 5 - i] as const));
  // Churned customers stopped buying 5–11 months ago; some active ones are slipping (2–5 months).
  let lapsedDays = lifecycle === 'churned' ? r.int(150, 330) : lifecycle === 'customer' && !fixed && r.chance(0.15) ? r.int(60, 150) : 0;
  if (lapsedDays > 0 && createdAt.getTime() > ctx.now.getTime() - (lapsedDays + 30) * DAY_MS) lapsedDays = 0;

  ctx.writer.push('customers', {
    id, kind, name, domain, industry, email, phone: phoneFor(r, country), owner_id: owner.id, lifecycle_stage: lifecycle,
    created_at: createdAt, updated_at: r.between(createdAt, ctx.now),
  });

  const contacts: PlannedContact[] = [];
  const contactRng = rng('contacts');
  const people = fixed
    ? fixed.contacts
    : kind === 'person'
      ? [{ name, email, title: null }]
      : companyContacts(contactRng, domain!, ctx.mix.companyContacts);
  for (const person of people) {
    const contactId = ctx.ids.next('contacts');
    const at = minDate(addMs(createdAt, contactRng.int(0, 30) * DAY_MS), ctx.now);
    ctx.writer.push('contacts', {
      id: contactId, customer_id: id, name: person.name, email: person.email, title: person.title,
      phone: contactRng.chance(0.8) ? phoneFor(contactRng, country) : null, created_at: at, updated_at: at,
    });
    contacts.push({ id: contactId, name: person.name });
  }

  return { index, id, name, kind, country, owner, lifecycle, tier, createdAt, lapsedDays, contacts, wellKnown: !!fixed, rng };
}

function companyContacts(rng: Rng, domain: string, counts: SeedMix['companyContacts']): { name: string; email: string; title: string }[] {
  const count = rng.weighted(counts);
  const titles = rng.sample(CONTACT_TITLES, count);
  const locals = new Set<string>();
  return titles.map((title) => {
    const name = personName(rng);
    const base = name.split(' ').map(slug).join('.');
    const local = [base, `${base[0]}.${base.split('.')[1]}`, `${base}2`, `${base}3`, `${base}4`].find((l) => !locals.has(l))!;
    locals.add(local);
    return { name, email: `${local}@${domain}`, title };
  });
}

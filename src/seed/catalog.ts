// The fixed part of the demo: the company's staff, its price list, its campaigns and the
// well-known customers that docs, examples and tests refer to by name. Not multiplied by --scale.
import type { UserRole } from '../crm/users/user.table.js';

/** The demo company selling to the customers: a small SaaS vendor. */
export const COMPANY_DOMAIN = 'northbeam.example';

export interface SeedUser {
  name: string;
  role: UserRole;
  timeZone: string;
}

/** Order matters: the first 'sales' user owns Acme Corp. */
export const SEED_USERS: readonly SeedUser[] = [
  { name: 'Olivia Bennett', role: 'admin', timeZone: 'America/New_York' },
  { name: 'Marcus Reed', role: 'manager', timeZone: 'Europe/London' },
  { name: 'Sarah Chen', role: 'sales', timeZone: 'America/Los_Angeles' },
  { name: 'David Okafor', role: 'sales', timeZone: 'America/New_York' },
  { name: 'Emma Fischer', role: 'sales', timeZone: 'Europe/Berlin' },
  { name: 'James Whitaker', role: 'sales', timeZone: 'Europe/London' },
  { name: 'Priya Nair', role: 'sales', timeZone: 'America/Chicago' },
  { name: 'Tom Alvarez', role: 'support', timeZone: 'America/Chicago' },
  { name: 'Lena Hoffmann', role: 'support', timeZone: 'Europe/Berlin' },
  { name: 'Kevin Walsh', role: 'support', timeZone: 'America/New_York' },
];

export function userEmail(name: string): string {
  const [first = '', ...rest] = name.toLowerCase().split(' ');
  return `${first}.${rest.join('')}@${COMPANY_DOMAIN}`;
}

export type ProductKind = 'plan' | 'addon' | 'service';

export interface SeedProduct {
  sku: string;
  name: string;
  /** Integer cents: money is never a float, even in the generator. */
  cents: number;
  kind: ProductKind;
  /** Typical quantity range for one order line (seats, hours, days…). */
  quantity: readonly [number, number];
  active: boolean;
}

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  { sku: 'PLAN-STARTER', name: 'Starter Plan', cents: 24_000, kind: 'plan', quantity: [1, 10], active: true },
  { sku: 'PLAN-PRO', name: 'Pro Plan', cents: 58_800, kind: 'plan', quantity: [5, 40], active: true },
  { sku: 'PLAN-ENT', name: 'Enterprise Plan', cents: 118_800, kind: 'plan', quantity: [20, 120], active: true },
  { sku: 'ADD-SSO', name: 'SSO Add-on', cents: 120_000, kind: 'addon', quantity: [1, 1], active: true },
  { sku: 'ADD-API', name: 'API Add-on', cents: 240_000, kind: 'addon', quantity: [1, 2], active: true },
  { sku: 'ADD-ANALYTICS', name: 'Analytics Add-on', cents: 180_000, kind: 'addon', quantity: [1, 1], active: true },
  { sku: 'ADD-STORAGE', name: 'Extra Storage (1 TB)', cents: 9_950, kind: 'addon', quantity: [1, 10], active: true },
  { sku: 'ADD-SUPPORT', name: 'Premium Support', cents: 360_000, kind: 'addon', quantity: [1, 1], active: true },
  { sku: 'SVC-ONBOARD', name: 'Onboarding Package', cents: 450_000, kind: 'service', quantity: [1, 1], active: true },
  { sku: 'SVC-TRAINING', name: 'Training Day', cents: 125_000, kind: 'service', quantity: [1, 5], active: true },
  { sku: 'SVC-MIGRATION', name: 'Data Migration', cents: 799_999, kind: 'service', quantity: [1, 1], active: true },
  { sku: 'SVC-CONSULT', name: 'Consulting Hour', cents: 17_500, kind: 'service', quantity: [2, 40], active: true },
  // Retired, still in the catalogue so "inactive product" queries have something to show.
  { sku: 'PLAN-BASIC', name: 'Basic Plan (legacy)', cents: 12_000, kind: 'plan', quantity: [1, 5], active: false },
];

export type CampaignChannel = 'email' | 'social' | 'event' | 'ads' | 'webinar' | 'other';

export interface SeedCampaign {
  name: string;
  channel: CampaignChannel;
  budgetCents: number;
  /** Days before `now` the campaign started and ended (negative end: still running). */
  startDaysAgo: number;
  endDaysAgo: number;
  /** Share of customers reached, and how well it converted. */
  reach: number;
  responseRate: number;
}

export const SEED_CAMPAIGNS: readonly SeedCampaign[] = [
  { name: 'Spring Product Launch', channel: 'email', budgetCents: 1_200_000, startDaysAgo: 240, endDaysAgo: 200, reach: 0.45, responseRate: 0.12 },
  { name: 'SaaStock Europe Booth', channel: 'event', budgetCents: 3_500_000, startDaysAgo: 150, endDaysAgo: 148, reach: 0.12, responseRate: 0.35 },
  { name: 'Analytics Webinar Series', channel: 'webinar', budgetCents: 400_000, startDaysAgo: 110, endDaysAgo: 40, reach: 0.25, responseRate: 0.22 },
  { name: 'LinkedIn Retargeting Q3', channel: 'ads', budgetCents: 2_000_000, startDaysAgo: 90, endDaysAgo: 30, reach: 0.3, responseRate: 0.06 },
  { name: 'Year-End Renewal Push', channel: 'email', budgetCents: 800_000, startDaysAgo: 20, endDaysAgo: -25, reach: 0.5, responseRate: 0.15 },
];

export interface WellKnownCustomer {
  name: string;
  domain: string;
  industry: string;
  country: 'US' | 'UK' | 'DE';
  /** Index into the sales users (0 = first sales user). */
  salesOwner: number;
  contacts: readonly { name: string; email: string; title: string }[];
}

/** Customers that documentation and tests rely on: fixed names, contacts and owners. */
export const WELL_KNOWN_CUSTOMERS: readonly WellKnownCustomer[] = [
  {
    name: 'Acme Corp', domain: 'acme.example', industry: 'Manufacturing', country: 'US', salesOwner: 0,
    contacts: [
      { name: 'Jane Cooper', email: 'jane@acme.example', title: 'Head of Operations' },
      { name: 'Wade Warren', email: 'wade.warren@acme.example', title: 'CFO' },
    ],
  },
  {
    name: 'Acme Industries', domain: 'acmeindustries.example', industry: 'Manufacturing', country: 'UK', salesOwner: 3,
    contacts: [{ name: 'Esther Howard', email: 'esther.howard@acmeindustries.example', title: 'Procurement Manager' }],
  },
  {
    name: 'Initech', domain: 'initech.example', industry: 'Software', country: 'US', salesOwner: 1,
    contacts: [
      { name: 'Bill Lumbergh', email: 'bill@initech.example', title: 'VP Engineering' },
      { name: 'Peter Gibbons', email: 'peter.gibbons@initech.example', title: 'Product Manager' },
    ],
  },
  {
    name: 'Northwind Traders', domain: 'northwind.example', industry: 'Retail', country: 'US', salesOwner: 4,
    contacts: [{ name: 'Nancy Davolio', email: 'nancy.davolio@northwind.example', title: 'VP Sales' }],
  },
  {
    name: 'Contoso', domain: 'contoso.example', industry: 'Software', country: 'US', salesOwner: 0,
    contacts: [{ name: 'Megan Bowen', email: 'megan.bowen@contoso.example', title: 'IT Director' }],
  },
  {
    name: 'Fabrikam', domain: 'fabrikam.example', industry: 'Manufacturing', country: 'DE', salesOwner: 2,
    contacts: [{ name: 'Jonas Weber', email: 'jonas.weber@fabrikam.example', title: 'COO' }],
  },
  {
    name: 'Litware', domain: 'litware.example', industry: 'Software', country: 'UK', salesOwner: 3,
    contacts: [{ name: 'Grace Turner', email: 'grace.turner@litware.example', title: 'CTO' }],
  },
  {
    name: 'Adventure Works', domain: 'adventure-works.example', industry: 'Retail', country: 'US', salesOwner: 1,
    contacts: [{ name: 'Kim Abercrombie', email: 'kim.abercrombie@adventure-works.example', title: 'Purchasing Lead' }],
  },
  {
    name: 'Tailspin Toys', domain: 'tailspintoys.example', industry: 'Retail', country: 'US', salesOwner: 4,
    contacts: [{ name: 'Carlos Silva', email: 'carlos.silva@tailspintoys.example', title: 'Founder' }],
  },
  {
    name: 'Wide World Importers', domain: 'wideworldimporters.example', industry: 'Logistics', country: 'UK', salesOwner: 2,
    contacts: [{ name: 'Hannah Becker', email: 'hannah.becker@wideworldimporters.example', title: 'Head of Operations' }],
  },
];

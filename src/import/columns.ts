import { invalid } from '../app/errors.js';

export const IMPORT_KINDS = ['customers', 'contacts', 'orders', 'activities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields each kind understands, with the header spellings seen in CRM and spreadsheet exports. */
const COMPANY = ['company', 'companyname', 'account', 'accountname', 'organisation', 'organization', 'org', 'customer', 'customername', 'client', 'clientname', 'business', 'businessname'];
const EMAIL = ['email', 'emailaddress', 'mail', 'workemail', 'companyemail', 'primaryemail'];
const PHONE = ['phone', 'phonenumber', 'tel', 'telephone', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'workphone', 'mainphone', 'businessphone'];
const OWNER = ['owner', 'ownername', 'owneremail', 'accountowner', 'contactowner', 'salesrep', 'rep', 'accountmanager', 'assignedto', 'user', 'author', 'loggedby'];
const DATE = ['date', 'createdate', 'created', 'createdat', 'when', 'datetime', 'timestamp'];

const FIELDS = {
  customers: {
    name: [...COMPANY, 'name', 'fullname'],
    email: EMAIL,
    phone: PHONE,
    domain: ['website', 'domain', 'url', 'web', 'site', 'homepage', 'webaddress', 'companywebsite', 'companydomain', 'websiteurl'],
    industry: ['industry', 'sector', 'vertical'],
    owner: OWNER,
    stage: ['lifecyclestage', 'lifecycle', 'stage'],
  },
  contacts: {
    name: ['name', 'fullname', 'contactname', 'contact', 'person'],
    firstName: ['firstname', 'first', 'givenname', 'forename'],
    lastName: ['lastname', 'last', 'surname', 'familyname'],
    email: EMAIL,
    phone: PHONE,
    title: ['title', 'jobtitle', 'position', 'role'],
    customer: [...COMPANY, 'employer'],
  },
  orders: {
    customer: [...COMPANY, 'customeremail'],
    product: ['product', 'productname', 'item', 'itemname', 'sku', 'productsku'],
    quantity: ['quantity', 'qty', 'units', 'count'],
    amount: ['amount', 'total', 'ordertotal', 'totalamount', 'orderamount', 'value', 'ordervalue', 'revenue', 'grandtotal'],
    currency: ['currency', 'currencycode', 'curr', 'ccy'],
    date: [...DATE, 'orderdate', 'ordered', 'orderedat', 'orderedon', 'purchasedate', 'purchased'],
  },
  activities: {
    customer: COMPANY,
    kind: ['type', 'kind', 'activitytype', 'activity', 'channel'],
    summary: ['summary', 'notes', 'note', 'description', 'details', 'subject', 'comment', 'comments', 'body', 'text'],
    date: [...DATE, 'activitydate', 'occurred', 'occurredat', 'occurredon', 'loggedat'],
    owner: OWNER,
  },
} as const satisfies Record<ImportKind, Record<string, readonly string[]>>;

export type FieldOf<K extends ImportKind> = keyof (typeof FIELDS)[K] & string;
export type AnyField = { [K in ImportKind]: FieldOf<K> }[ImportKind];

/** Required fields; an inner array means "any one of these". */
const REQUIRED: { [K in ImportKind]: (FieldOf<K> | FieldOf<K>[])[] } = {
  customers: ['name'],
  contacts: [['name', 'firstName', 'lastName'], 'customer'],
  orders: ['customer', 'amount', 'date'],
  activities: ['customer', 'date', ['kind', 'summary']],
};

// Customer's "name" example words for the error message: the first synonyms read best.
const EXAMPLES: Partial<Record<AnyField, string>> = {
  name: '"Name", "Company" or "Account Name"', customer: '"Company", "Account" or "Customer"', amount: '"Amount" or "Total"',
  date: '"Date"', firstName: '"First Name"', lastName: '"Last Name"', kind: '"Type"', summary: '"Summary" or "Notes"',
};

export interface ColumnMapping {
  kind: ImportKind;
  /** field → column index */
  fields: Map<AnyField, number>;
  mapped: { header: string; field: AnyField }[];
  /** Headers nothing maps to (and second columns for a field already mapped). */
  ignored: string[];
}

/** "E-mail Address" → "emailaddress": case, spaces and punctuation do not matter. */
export const headerKey = (header: string): string => header.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

export function mapColumns(kind: ImportKind, headers: string[]): ColumnMapping {
  const synonyms = FIELDS[kind] as Record<string, readonly string[]>;
  const fields = new Map<AnyField, number>();
  const mapped: ColumnMapping['mapped'] = [];
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const key = headerKey(header);
    const field = Object.keys(synonyms).find((f) => synonyms[f]!.includes(key)) as AnyField | undefined;
    if (!field || fields.has(field)) {
      ignored.push(header || `(column ${index + 1} has no header)`);
      return;
    }
    fields.set(field, index);
    mapped.push({ header, field });
  });
  return { kind, fields, mapped, ignored };
}

/** The required fields a mapping lacks, as readable phrases; empty when it is usable. */
export function missingFields(mapping: ColumnMapping): string[] {
  const missing: string[] = [];
  for (const need of REQUIRED[mapping.kind] as (AnyField | AnyField[])[]) {
    const options = Array.isArray(need) ? need : [need];
    if (options.some((f) => mapping.fields.has(f))) continue;
    missing.push(options.map((f) => `${f} (${EXAMPLES[f] ?? `"${f}"`})`).join(' or '));
  }
  return missing;
}

/**
 * The kind whose required columns are all there and which maps the most columns; on a tie the
 * more specific kind wins (an orders file also has a customer column, a customers file does not
 * have an amount).
 */
export function guessKind(headers: string[]): ImportKind | undefined {
  let best: { kind: ImportKind; count: number } | undefined;
  for (const kind of ['orders', 'activities', 'contacts', 'customers'] as const) {
    const mapping = mapColumns(kind, headers);
    if (missingFields(mapping).length) continue;
    if (!best || mapping.mapped.length > best.count) best = { kind, count: mapping.mapped.length };
  }
  return best?.kind;
}

/** Maps the header for `kind` (or the guessed kind), or fails naming what is missing and what was found. */
export function resolveMapping(headers: string[], kind?: ImportKind): ColumnMapping {
  const found = headers.map((h) => `"${h}"`).join(', ');
  const chosen = kind ?? guessKind(headers);
  if (!chosen) {
    throw invalid(`I can't tell what this file holds from its columns (${found}). Name the kind with --kind customers|contacts|orders|activities, or rename the columns. Nothing was imported.`);
  }
  const mapping = mapColumns(chosen, headers);
  const missing = missingFields(mapping);
  if (missing.length) {
    throw invalid(`Missing required column${missing.length > 1 ? 's' : ''} for ${chosen}: ${missing.join('; ')}. Columns found: ${found}. Nothing was imported.`);
  }
  return mapping;
}

/** The cell of `field` in a row, or '' when the column is absent. */
export const cell = (mapping: ColumnMapping, cells: string[], field: AnyField): string => {
  const index = mapping.fields.get(field);
  return index === undefined ? '' : (cells[index] ?? '').trim();
};

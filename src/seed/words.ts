// Word lists for believable names. Company names combine a place-ish prefix with an
// industry-flavoured noun ("Silverbrook Freight", "Blue Yonder Airlines"); people get first and
// last names from several countries because the customers are in the US, the UK and Germany.

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Susan',
  'Richard', 'Jessica', 'Joseph', 'Karen', 'Thomas', 'Nancy', 'Daniel', 'Lisa', 'Matthew', 'Betty',
  'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Andrew', 'Michelle', 'Joshua', 'Amanda',
  'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Sophie', 'Jack', 'Grace',
  'Lukas', 'Hannah', 'Felix', 'Lea', 'Jonas', 'Mia', 'Maximilian', 'Anna', 'Paul', 'Laura',
  'Wei', 'Mei', 'Arjun', 'Priya', 'Carlos', 'Lucia', 'Mateo', 'Sofia', 'Kwame', 'Amara',
  'Hiroshi', 'Yuki', 'Omar', 'Leila', 'Ivan', 'Olga', 'Sean', 'Aoife', 'Lars', 'Ingrid',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White',
  'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green',
  'Evans', 'Hughes', 'Roberts', 'Wood', 'Edwards', 'Turner', 'Cooper', 'Parker', 'Morgan', 'Bell',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Nguyen', 'Patel', 'Kim', 'Chen', 'Singh', 'Okafor', 'Mensah', 'Tanaka', 'Novak', 'Kowalski',
  "O'Brien", 'Murphy', 'Kelly', 'Larsen', 'Silva', 'Costa', 'Rossi', 'Dubois', 'Haddad', 'Ivanova',
] as const;

export const NAME_PREFIX_HEADS = [
  'Blue', 'Silver', 'Red', 'Green', 'Golden', 'North', 'South', 'East', 'West', 'Bright',
  'Clear', 'Stone', 'Iron', 'Oak', 'Pine', 'Maple', 'Cedar', 'River', 'Lake', 'Summit',
  'High', 'Fair', 'Sun', 'Star', 'Copper', 'Granite', 'Willow', 'Harbor', 'Elm', 'Frost',
] as const;

export const NAME_PREFIX_TAILS = [
  'wind', 'field', 'brook', 'ridge', 'water', 'stone', 'bridge', 'view', 'gate', 'crest',
  'haven', 'wood', 'point', 'peak', 'dale', 'side', 'ford', 'light', 'vale', 'mark',
] as const;

/** Whole-word prefixes that read as brands on their own ("Blue Yonder Airlines"). */
export const NAME_PREFIX_WORDS = [
  'Blue Yonder', 'Atlas', 'Beacon', 'Crescent', 'Falcon', 'Aurora', 'Pioneer', 'Keystone', 'Meridian', 'Vertex',
  'Horizon', 'Sterling', 'Lighthouse', 'Evergreen', 'Redwood', 'Bluebird', 'Cobalt', 'Juniper', 'Polaris', 'Quantum',
  'Trident', 'Orchid', 'Sequoia', 'Halcyon', 'Lantern', 'Mosaic', 'Nimbus', 'Paragon', 'Sapphire', 'Tandem',
] as const;

export const INDUSTRIES = [
  'Software', 'Manufacturing', 'Retail', 'Healthcare', 'Financial Services', 'Logistics', 'Education',
  'Hospitality', 'Media', 'Energy', 'Construction', 'Telecommunications', 'Food & Beverage', 'Legal',
  'Real Estate', 'Aerospace', 'Nonprofit', 'Travel',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** The second half of a company name, by industry, so "… Freight" is in Logistics. */
export const INDUSTRY_NOUNS: Record<Industry, readonly string[]> = {
  Software: ['Software', 'Systems', 'Labs', 'Technologies', 'Digital', 'Data'],
  Manufacturing: ['Industries', 'Manufacturing', 'Works', 'Fabrication', 'Components', 'Machining'],
  Retail: ['Traders', 'Outfitters', 'Market', 'Goods', 'Supply', 'Stores'],
  Healthcare: ['Health', 'Medical', 'Clinics', 'Care', 'Diagnostics', 'Pharma'],
  'Financial Services': ['Capital', 'Financial', 'Partners', 'Advisors', 'Insurance', 'Credit Union'],
  Logistics: ['Logistics', 'Freight', 'Shipping', 'Transport', 'Couriers', 'Importers'],
  Education: ['Academy', 'Learning', 'College', 'Institute', 'Schools', 'Tutoring'],
  Hospitality: ['Hotels', 'Resorts', 'Inns', 'Catering', 'Hospitality', 'Suites'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcasting', 'Press', 'Films'],
  Energy: ['Energy', 'Power', 'Solar', 'Utilities', 'Renewables', 'Grid'],
  Construction: ['Construction', 'Builders', 'Engineering', 'Contractors', 'Homes', 'Structures'],
  Telecommunications: ['Telecom', 'Networks', 'Communications', 'Wireless', 'Fiber', 'Connect'],
  'Food & Beverage': ['Foods', 'Bakery', 'Brewing', 'Coffee', 'Farms', 'Kitchens'],
  Legal: ['Law Group', 'Legal', 'Attorneys', 'Law Partners', 'Chambers', 'Counsel'],
  'Real Estate': ['Properties', 'Realty', 'Estates', 'Land', 'Developments', 'Property Group'],
  Aerospace: ['Aerospace', 'Aviation', 'Airlines', 'Avionics', 'Air', 'Flight Systems'],
  Nonprofit: ['Foundation', 'Trust', 'Alliance', 'Society', 'Fund', 'Initiative'],
  Travel: ['Travel', 'Tours', 'Expeditions', 'Voyages', 'Adventures', 'Getaways'],
};

/** Added to a company name when the plain name is taken (large --scale runs). */
export const NAME_SUFFIXES = ['Group', 'Co.', 'Inc.', 'LLC', 'Ltd', 'GmbH', 'Holdings', 'International'] as const;

export const CITIES = [
  'Boston', 'Denver', 'Austin', 'Seattle', 'Chicago', 'Atlanta', 'Portland', 'Phoenix', 'Dallas', 'Miami',
  'London', 'Leeds', 'Bristol', 'Manchester', 'Glasgow', 'Berlin', 'Hamburg', 'Munich', 'Cologne', 'Leipzig',
] as const;

export const CONTACT_TITLES = [
  'CEO', 'CTO', 'CFO', 'COO', 'VP Sales', 'VP Engineering', 'Head of Operations', 'Procurement Manager',
  'IT Director', 'Office Manager', 'Marketing Director', 'Customer Success Lead', 'Product Manager',
  'Operations Analyst', 'Finance Manager', 'Head of People', 'Founder', 'Purchasing Lead',
] as const;

/** Mail domains for individual customers: reserved `.example` names, never real providers. */
export const PERSONAL_MAIL_DOMAINS = ['mail.example', 'inbox.example', 'post.example', 'home.example'] as const;

/** Letters only, lower-case, accents folded: for email local parts and domains. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '');
}

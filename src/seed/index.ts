// Public surface of the demo-data generator: the CLI and the bot's first start use only this.
export { seedDemo, customerCount, DEFAULT_SEED_NOW, BASE_CUSTOMERS, type SeedOptions } from './seed-demo.js';
export { SEED_TABLES, type SeedCounts, type SeedTable } from './batch-writer.js';
export { SEED_MIXES, type SeedMixName } from './context.js';
export { WELL_KNOWN_CUSTOMERS, SEED_USERS, COMPANY_DOMAIN } from './catalog.js';

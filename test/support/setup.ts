// Loaded before every test file (vitest setupFiles): the process-wide settings `rapport` makes
// at start-up (src/cli/main.ts), so tests run what users run.
import { installZoneOffsetCache } from '../../src/app/zone-offsets.js';

installZoneOffsetCache();

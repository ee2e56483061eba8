import { pino, type Logger } from 'pino';

export type { Logger };

/** Logs go to stderr so that stdout stays clean for `rapport parse` and the terminal chat. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });

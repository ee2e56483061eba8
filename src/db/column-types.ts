import type { ColumnType, Generated } from 'kysely';

/** Primary keys: bigint identity, read as JS numbers on both pg and PGlite (see src/db/types.ts). */
export type Id = Generated<number>;
/** timestamptz with a database default: read as Date, written as Date or ISO string, optional on insert. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date: read as 'YYYY-MM-DD' strings on both drivers, never a Date shifted by the server's zone. */
export type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
export type RequiredDate = ColumnType<string, string, string>;
/** numeric money: read as exact decimal strings ("1234.50"); write strings, never floats. */
export type Money = ColumnType<string, string, string>;
export type NullableMoney = ColumnType<string | null, string | null | undefined, string | null>;
export type Json<T = unknown> = ColumnType<T, string | undefined | null, string | null>;

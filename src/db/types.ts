// One behaviour on both drivers: int8 → number (ids and counts stay far below 2^53), numeric →
// exact string (money is never a float), date → 'YYYY-MM-DD' (never shifted by a zone), timestamptz → Date.
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

export const parseInt8 = (value: string): number => Number(value);
export const keepText = (value: string): string => value;

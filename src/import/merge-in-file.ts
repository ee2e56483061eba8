/**
 * Groups rows that describe the same entity: any shared key (normalised email, phone, domain,
 * comparable name) puts two rows in one group, transitively (union-find), so "A shares an email
 * with B, B shares a phone with C" ends as one entity. Groups keep the order of their first row.
 */
export interface Keyed<T> {
  item: T;
  /** "email:jane@acme.com", "name:acme": the part before ':' says what matched. */
  keys: string[];
}

export interface Group<T> {
  items: T[];
  /** Kinds of key shared between members ("email", "name"), empty for a single row. */
  on: string[];
}

export function groupByKeys<T>(rows: Keyed<T>[]): Group<T>[] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  const sharedOn = new Map<number, Set<string>>();
  rows.forEach((row, i) => {
    for (const key of row.keys) {
      const seen = owner.get(key);
      if (seen === undefined) {
        owner.set(key, i);
        continue;
      }
      const [a, b] = [find(seen), find(i)];
      const kind = key.slice(0, key.indexOf(':'));
      if (a !== b) {
        // The lower index stays the root, so a group is named after its first row.
        const [root, child] = a < b ? [a, b] : [b, a];
        parent[child] = root;
        const merged = new Set([...(sharedOn.get(root) ?? []), ...(sharedOn.get(child) ?? []), kind]);
        sharedOn.set(root, merged);
      } else {
        sharedOn.set(a, new Set([...(sharedOn.get(a) ?? []), kind]));
      }
    }
  });
  const groups = new Map<number, Group<T>>();
  rows.forEach((row, i) => {
    const root = find(i);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = { items: [], on: [] }));
    group.items.push(row.item);
  });
  for (const [root, group] of groups) group.on = [...(sharedOn.get(root) ?? [])];
  return [...groups.values()];
}

/**
 * Folds a group's values field by field: the first non-empty value wins, later rows fill what
 * earlier ones left empty, and a later value that disagrees is recorded as a conflict.
 */
export function foldFields<T extends object>(
  items: { line: number; value: T }[],
  fields: (keyof T & string)[],
  /** Spellings that count as the same value ("Acme Corp" / "acme corp" for names). */
  same: (field: keyof T, a: unknown, b: unknown) => boolean = (_f, a, b) => a === b,
): { value: Partial<T>; conflicts: string[] } {
  const value: Partial<T> = {};
  const from: Partial<Record<keyof T, number>> = {};
  const conflicts: string[] = [];
  for (const { line, value: row } of items) {
    for (const field of fields) {
      const v = row[field];
      if (v === undefined || v === null || v === '') continue;
      if (value[field] === undefined) {
        value[field] = v;
        from[field] = line;
      } else if (!same(field, value[field], v)) {
        conflicts.push(`${field} "${String(v)}" on line ${line} differs from "${String(value[field])}" on line ${from[field]} (kept)`);
      }
    }
  }
  return { value, conflicts };
}

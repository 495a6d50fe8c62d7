// Named coders. A decision, an assignment and an adjudication all name a coder from this table
// (decide() refuses any other name; assignments and adjudications have a foreign key), so
// agreement statistics never meet a typo as a new coder.
import type { Store } from '../store/index.ts';
import { ReviewError } from './errors.ts';
import { reviewSql } from './sql.ts';

export interface Coder {
  name: string;
  label: string | null;
  createdAt: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Creates a coder (idempotent: an existing name is returned as it is). */
export function createCoder(store: Store, name: string, label: string | null = null): Coder {
  if (!NAME.test(name)) {
    throw new ReviewError(`Unexpected coder name \`${name}\`, expected letters, digits, '.', '_' or '-' (starting with a letter or digit)`);
  }
  const q = reviewSql(store.db);
  q.insertCoder.run(name, label, new Date().toISOString());
  return q.coder.get(name) as Coder;
}

export function listCoders(store: Store): Coder[] {
  return reviewSql(store.db).coders.all() as Coder[];
}

export function requireCoder(store: Store, name: string): Coder {
  const c = reviewSql(store.db).coder.get(name) as Coder | undefined;
  if (!c) throw new ReviewError(`Unexpected coder \`${name}\`, expected a coder created with createCoder`);
  return c;
}

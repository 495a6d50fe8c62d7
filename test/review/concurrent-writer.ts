// Child process of concurrency.test.ts: one coder deciding as fast as it can on every item of a
// queue, on its own connection, while another process does the same. Prints its decision count.
import { decide, itemView, queueItems } from '../../src/review/index.ts';
import { openStore } from '../../src/store/index.ts';

const [db, queue, coder, rounds] = process.argv.slice(2) as [string, string, string, string];
const store = openStore(db);
let n = 0;
for (let r = 0; r < Number(rounds); r++) {
  for (const item of queueItems(store, queue)) {
    const view = itemView(store, item.id, coder);
    for (const s of view.suggestions) {
      decide(store, { item: item.id, coder, action: r % 2 ? 'reject' : 'accept', code: s.codeId });
      n++;
    }
    if (view.suggestions.length === 0) {
      decide(store, { item: item.id, coder, action: 'done' });
      n++;
    }
  }
  // Undo everything of this round on one unit, then go on: undos race with the other writer too.
  const first = queueItems(store, queue)[0]!;
  decide(store, { item: first.id, coder, action: 'undo' });
  n++;
}
store.close();
process.stdout.write(String(n));

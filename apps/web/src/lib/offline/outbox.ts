/** The outbox of answers made offline, in IndexedDB (through `idb`), one entry per Idempotency-Key. */
import { openDB, type DBSchema } from "idb";

export interface OutboxEntry {
  /** The Idempotency-Key the answer was given when the learner answered. */
  key: string;
  /** Where the answer is posted (the item's form action). */
  url: string;
  /** The form as the learner sent it (application/x-www-form-urlencoded). */
  body: string;
  queuedAt: number;
}

interface OutboxSchema extends DBSchema {
  answers: { key: string; value: OutboxEntry; indexes: { queuedAt: number } };
}

export async function openOutbox() {
  const db = await openDB<OutboxSchema>("pathwise-outbox", 1, {
    upgrade(database) {
      database.createObjectStore("answers", { keyPath: "key" }).createIndex("queuedAt", "queuedAt");
    },
  });
  return {
    /** Keeps an answer; the same key twice stays one entry. */
    add: (entry: OutboxEntry) => db.put("answers", entry).then(() => undefined),
    all: () => db.getAllFromIndex("answers", "queuedAt"),
    /** Answers waiting (a pick made offline waits too, but is not an answer to count). */
    count: async () => (await db.getAllKeys("answers")).filter((key) => !key.startsWith("pick:")).length,
    remove: (key: string) => db.delete("answers", key),
    clear: () => db.clear("answers"),
  };
}

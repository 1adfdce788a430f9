import type { Migration } from './migration.js';

/**
 * The hourly wrong-try budget becomes one row per (holder, phone) that every check reserves a try in
 * with one conditional upsert (src/storage/sql/verification.ts), instead of a log that was counted
 * and then appended to: under READ COMMITTED, parallel checks all read the same count and passed.
 * The log's latest hour per (holder, phone) is carried over as that budget's window.
 */
export const wrongTryBudgets: Migration = {
  version: 14,
  name: 'wrong-try-budgets',
  sql: (d) => `
    -- window_start: when the hour that counts began (epoch ms; the first wrong try counted in it),
    -- used: the wrong tries counted in it, at most the hourly limit.
    CREATE TABLE wrong_try_budgets (
      account_id TEXT NOT NULL,
      phone TEXT NOT NULL,
      window_start BIGINT NOT NULL,
      used INTEGER NOT NULL,
      PRIMARY KEY (account_id, phone)
    )${d.keyedTable};
    CREATE INDEX wrong_try_budgets_start ON wrong_try_budgets(window_start);

    INSERT INTO wrong_try_budgets (account_id, phone, window_start, used)
      SELECT w.account_id, w.phone, MIN(w.at), COUNT(*) FROM wrong_tries w
      WHERE w.at > (SELECT MAX(l.at) FROM wrong_tries l WHERE l.account_id = w.account_id AND l.phone = w.phone) - 3600000
      GROUP BY w.account_id, w.phone;
    DROP TABLE wrong_tries;
  `,
};

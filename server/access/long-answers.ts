/**
 * Long answers take turns while they are built and audited (IOM_HUB_LONG_ANSWERS, 2 by default;
 * 0: no limit). A list of thousands of rows (the flat referral list: 7,959 at national scale) is
 * read, made into rows and a GraphQL result, then waits for its read audit to be written and
 * committed before it leaves (server/access/read-audit.ts). The audit entries are one chain,
 * written one at a time, so at 16 connections up to 16 such answers stood whole in memory at once,
 * each waiting its turn to be recorded: the hub's peak memory. With turns, a long answer's rows
 * are only read once one of the turns is free, and the turn passes on when its audit is written.
 * The event loop is one and the audit chain is written one entry at a time, so two turns keep the
 * database's work and the hub's overlapping as before.
 *
 * Only a request whose audit is written by `auditReadsPlugin` takes a turn (it ends the turn, after
 * the audit or the answer withheld): an operation run elsewhere (the operation pool's threads, a
 * plain `execute`) never waits.
 */
import { requireWholeNumber } from '../errors/validate.js';
import { Turns } from '../db/turns.js';

export const DEFAULT_LONG_ANSWERS = 2;

export function longAnswers(value = process.env.IOM_HUB_LONG_ANSWERS): number {
  return value === undefined || value === '' ? DEFAULT_LONG_ANSWERS : requireWholeNumber('IOM_HUB_LONG_ANSWERS', Number(value), { max: 1000 });
}

export class LongAnswerTurns {
  private readonly held: Turns;
  /** Requests that may take a turn (their audit ends it) → whether they hold one now. */
  private readonly requests = new WeakMap<object, boolean>();

  constructor(readonly turns = longAnswers()) {
    this.held = new Turns(turns);
  }

  /** A request whose answer `end` is certain to be called for, once, when its audit is written. */
  admit(request: object): void {
    this.requests.set(request, false);
  }

  /** Waits until `request` may build a long answer (at once for a request not admitted, or holding a turn already). */
  async take(request: object): Promise<void> {
    if (this.turns === 0 || this.requests.get(request) !== false) return;
    this.requests.set(request, true);
    await this.held.take();
  }

  /** The request's answer is recorded (or withheld): its turn, if it took one, passes on. */
  end(request: object): void {
    const held = this.requests.get(request);
    this.requests.delete(request);
    if (held) this.held.pass();
  }

  get counts(): { running: number; waiting: number } {
    return this.held.counts;
  }
}

/** The hub's turns: one process, one event loop. */
export const longAnswerTurns = new LongAnswerTurns();

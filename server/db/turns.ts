/**
 * A number of turns that work takes one at a time (0: no limit): `take` waits while every turn is
 * held, `pass` hands a held turn straight to the next waiting, first come first served. The long
 * reports (server/database/long-operations.ts) and the long answers (server/access/long-answers.ts)
 * each keep their own.
 */
export class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly turns: number) {}

  /** Waits for a turn; call `pass` once when done with it. */
  async take(): Promise<void> {
    if (this.turns === 0) return;
    if (this.running >= this.turns) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
  }

  /** Gives up a turn `take` gave. */
  pass(): void {
    if (this.turns === 0) return;
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  get counts(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

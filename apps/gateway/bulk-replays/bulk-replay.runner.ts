import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeadLetterOperations } from '@lgsp/messaging';
import { BulkReplay, BulkReplayRepository, DatabaseService, DeadLetterRepository } from '@lgsp/persistence';
import { Clock } from '@lgsp/resilience';

/** How long a runner holds a replay without renewing; another gateway replica takes it over after. */
const LEASE_MS = 10_000;
/** How often an idle runner looks for a replay to run. */
const IDLE_MS = 500;
/** How long one slice of a replay runs before its lease is renewed and its state read again. */
const SLICE_MS = 2_000;

/**
 * Sends the letters of running bulk replays at each replay's rate, one letter at a time, evenly spaced: never a
 * burst the partner would feel. Each letter is marked replayed, with the replay's progress, in the transaction that
 * takes it, and its copy is published after the commit (as an operator's replay does): a copy the broker refuses
 * opens its letter again. Pausing or cancelling takes effect before the next letter. Every gateway replica runs
 * one; a replay is held by one at a time (a lease), and another takes it over if that replica dies.
 */
@Injectable()
export class BulkReplayRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BulkReplayRunner');
  private readonly name = `gateway-${randomUUID()}`;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: DatabaseService,
    private readonly replays: BulkReplayRepository,
    private readonly letters: DeadLetterRepository,
    private readonly operations: DeadLetterOperations,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const replay = await this.replays.claim(this.name, LEASE_MS);
        if (replay) await this.runSlice(replay);
        else await this.clock.sleep(IDLE_MS);
      } catch (error: unknown) {
        // The database or broker is away: the letters taken so far are recorded; try again shortly.
        this.logger.warn({ err: error }, 'A bulk replay slice failed; it goes on after a pause');
        await this.clock.sleep(IDLE_MS);
      }
    }
  }

  /** Sends letters for SLICE_MS at the replay's rate, then lets the loop renew the lease and read the state again. */
  private async runSlice(replay: BulkReplay): Promise<void> {
    const spacingMs = 1_000 / replay.ratePerSecond;
    const sliceEnd = this.clock.now() + SLICE_MS;
    let next = this.clock.now();
    while (!this.stopped && this.clock.now() < sliceEnd) {
      const taken = await this.db.transaction((tx) => this.replays.takeNext(tx, replay.id, this.name, 1));
      if (!taken || taken.letters.length === 0) return;
      const [letter] = taken.letters;
      try {
        await this.operations.publishCopy(letter);
      } catch (error: unknown) {
        this.logger.warn({ err: error, letter: letter.id, replay: replay.id }, 'A replayed copy was refused');
        await this.db.transaction(async (tx) => {
          await this.letters.reopen(tx, [letter.id], `bulk replay ${replay.id}: the broker refused the copy`);
          await this.replays.countFailed(tx, replay.id, 1);
        });
      }
      next += spacingMs;
      const wait = next - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      else next = this.clock.now();
    }
  }
}

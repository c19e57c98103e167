/** One operation issued by the load loop, with its outcome. */
export interface LoadSample<T> {
  readonly index: number;
  /** ms since the loop started. */
  readonly startMs: number;
  readonly endMs: number;
  readonly ok: boolean;
  readonly result?: T;
  readonly error?: string;
}

export interface BoundedLoadOptions<T> {
  /** Operations started per second, on a fixed schedule (not waiting for earlier ones). */
  readonly ratePerSec: number;
  /** No operation starts after this. */
  readonly durationMs: number;
  /** Hard cap on operations, whatever the rate. */
  readonly maxOperations: number;
  /** Each operation; it must bound itself in time (e.g. request deadlines). A throw counts as failed. */
  readonly operation: (index: number) => Promise<{ ok: boolean; result?: T }>;
  /** Called on the schedule's own clock, e.g. to inject faults at given offsets. */
  readonly onTick?: (elapsedMs: number) => void;
}

/**
 * Fixed-rate load, bounded in count and time: operation i starts at i / rate seconds (catching up
 * after timer lag), and the loop resolves once every started operation has settled.
 */
export async function runBoundedLoad<T>(options: BoundedLoadOptions<T>): Promise<LoadSample<T>[]> {
  const started = Date.now();
  const intervalMs = 1000 / options.ratePerSec;
  const pending: Promise<LoadSample<T>>[] = [];
  for (let index = 0; index < options.maxOperations; index++) {
    const dueMs = index * intervalMs;
    if (dueMs >= options.durationMs) break;
    const waitMs = started + dueMs - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const startMs = Date.now() - started;
    options.onTick?.(startMs);
    pending.push(
      options.operation(index).then(
        (outcome) => ({
          index,
          startMs,
          endMs: Date.now() - started,
          ok: outcome.ok,
          result: outcome.result,
        }),
        (error: unknown) => ({
          index,
          startMs,
          endMs: Date.now() - started,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
    );
  }
  return Promise.all(pending);
}

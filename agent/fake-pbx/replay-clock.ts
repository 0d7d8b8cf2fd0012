/**
 * The time a {@link FakePbx} replays on. The fake PBX never sleeps on its own
 * for a replay: it asks its clock when the next frame may go out. The real
 * clock ({@link realClock}, the default, used by `npm run fake-pbx` and the
 * demo) waits until the frame's time has come. A test clock
 * (`test/support/test-clock.ts`) instead waits until the client has handled
 * everything sent so far, then sets itself to the frame's time, so a replay
 * runs as fast as the client reads it while the client, reading the same
 * clock, still sees the recorded durations.
 */
import { setTimeout as sleep } from 'node:timers/promises'

/** One replay's view of the clock, from its first frame to its end. */
export interface ReplayTimeline {
  /** Clock time (epoch ms) at which the replay's first frame is due. */
  readonly start: number
  /**
   * Resolves when frames due at `at` (epoch ms) may be sent; the clock then
   * reads at least `at`. Resolves early, without advancing, once `signal` aborts.
   */
  until (at: number, signal: AbortSignal): Promise<void>
  /**
   * The replay is over. `completed` is false when it was stopped early
   * (restart, close); then nothing is waited for.
   */
  end (completed: boolean): Promise<void>
}

/** A clock a fake PBX replays on: see the module doc. */
export interface ReplayClock {
  /** Epoch milliseconds. */
  now (): number
  /** Starts one replay; its frames are due at `start + (t_ms − first t_ms) / speed`. */
  replay (): Promise<ReplayTimeline>
}

const wallNow = (): number => performance.timeOrigin + performance.now()

/** Wall time: a frame goes out when its time has come. Monotonic, in epoch ms. */
export const realClock: ReplayClock = {
  now: wallNow,
  async replay () {
    return {
      start: wallNow(),
      async until (at, signal) {
        // Timers may fire a fraction of a millisecond before the clock says so: sleep again for the rest.
        for (let ms = at - wallNow(); ms > 0 && !signal.aborted; ms = at - wallNow()) {
          await sleep(Math.max(1, Math.ceil(ms)), undefined, { signal }).catch(() => { /* aborted: the caller checks the signal */ })
        }
      },
      async end () {}
    }
  }
}

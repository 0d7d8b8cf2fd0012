/**
 * Every call that ends becomes one contact record in the matched customer's
 * file — answered, missed, busy or abandoned alike, one row per call however
 * many phones rang. The store makes the write idempotent by call id, so a
 * retry after a failure can never duplicate it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'
import type { Call } from '../model/call.js'
import { ringMs, talkMs } from '../telephony/calls/call-durations.js'
import type { CallLogEntry, Interaction } from '../model/interaction.js'

export interface CallLogSink {
  logCall (entry: CallLogEntry): Promise<Interaction>
}

/** Milliseconds to seconds with one decimal, as the call log stores them. */
const seconds = (ms: number | null): number | null => ms === null ? null : Math.max(0, Math.round(ms / 100) / 10)

/** The facts of an ended (or ending) call as they go into the contact log. */
export function callLogEntry (call: Call, customerId: number | null, operatorIdOf: (ext: string, pbxId: string) => number | null): CallLogEntry {
  const handledBy = call.answeredBy ?? call.legs[0]?.extension ?? null
  return {
    callId: call.id,
    customerId,
    direction: call.direction,
    occurredAt: new Date(call.startedAt).toISOString(),
    extension: handledBy,
    operatorId: handledBy === null ? null : operatorIdOf(handledBy, call.pbxId),
    queue: call.queue,
    remoteNumber: call.remote.withheld ? null : call.remote.number,
    ringSeconds: seconds(ringMs(call)),
    talkSeconds: seconds(talkMs(call)),
    callResult: call.result ?? 'unknown'
  }
}

export interface CallRecorderOptions {
  readonly logger: Logger
  /** The operator at an extension of a PBX, if any. */
  readonly operatorIdOf: (ext: string, pbxId: string) => number | null
  readonly retries?: number
  readonly retryDelayMs?: number
}

export class CallRecorder {
  readonly #sink: CallLogSink
  readonly #opts: Required<CallRecorderOptions>
  readonly #pending = new Set<Promise<void>>()
  readonly #stopping = new AbortController()

  constructor (sink: CallLogSink, opts: CallRecorderOptions) {
    this.#sink = sink
    this.#opts = { retries: 5, retryDelayMs: 500, ...opts }
  }

  /** The call's facts as the call log stores them (a wrap-up that arrives first writes the same row). */
  entryFor (call: Call, customerId: number | null): CallLogEntry {
    return callLogEntry(call, customerId, this.#opts.operatorIdOf)
  }

  /** Records an ended call; retries with backoff, logs `RC_ERR_CALL_LOG_FAILED` when it gives up. */
  record (call: Call, customerId: number | null): Promise<void> {
    const entry = callLogEntry(call, customerId, this.#opts.operatorIdOf)
    const p = this.write(entry).finally(() => { this.#pending.delete(p) })
    this.#pending.add(p)
    return p
  }

  /** Waits for every write in flight (tests, and shutdown after {@link stop}). */
  async drain (): Promise<void> {
    await Promise.all([...this.#pending])
  }

  /** Shutdown: writes in flight get one last immediate attempt instead of waiting out their backoff. */
  stop (): void {
    this.#stopping.abort()
  }

  private async write (entry: CallLogEntry): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#sink.logCall(entry)
        this.#opts.logger.info({ callId: entry.callId, result: entry.callResult }, 'call recorded')
        return
      } catch (err) {
        if (attempt >= this.#opts.retries || (this.#stopping.signal.aborted && attempt > 0)) {
          this.#opts.logger.error({ err, code: 'RC_ERR_CALL_LOG_FAILED', callId: entry.callId }, 'giving up recording call')
          return
        }
        this.#opts.logger.warn({ err, code: 'RC_ERR_CALL_LOG_FAILED', callId: entry.callId, attempt }, 'recording call failed; retrying')
        await sleep(this.#opts.retryDelayMs * 2 ** attempt, undefined, { signal: this.#stopping.signal }).catch(() => undefined)
      }
    }
  }
}

/**
 * Who sits at which extension of which PBX. The hub, the call view and the call log ask
 * this on every call change, so it answers from memory and refreshes from the
 * store in the background.
 */
import type { Logger } from 'pino'
import type { Operator } from '../../model/operator.js'
import type { OperatorRepo } from './operator-repo.js'

/** Where the directory reads operators from: the one repository call it needs. */
export type OperatorSource = Pick<OperatorRepo, 'list'>

export class OperatorDirectory {
  readonly #source: OperatorSource
  readonly #log: Logger
  /** Keyed by {@link endpointKey}. */
  #byEndpoint = new Map<string, Operator>()
  #timer: NodeJS.Timeout | null = null

  constructor (source: OperatorSource, logger: Logger) {
    this.#source = source
    this.#log = logger
  }

  /** Loads the directory now, then every `refreshMs` (0: never). */
  async start (refreshMs = 60_000): Promise<void> {
    await this.refresh()
    if (refreshMs > 0) {
      this.#timer = setInterval(() => { void this.refresh() }, refreshMs)
      this.#timer.unref()
    }
  }

  stop (): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }

  async refresh (): Promise<void> {
    try {
      const next = new Map<string, Operator>()
      for (const op of await this.#source.list()) {
        for (const ref of op.endpoints) next.set(endpointKey(ref.pbxId, ref.extension), op)
      }
      this.#byEndpoint = next
    } catch (err) {
      this.#log.warn({ err }, 'operator directory refresh failed; keeping the previous one')
    }
  }

  /** The operator at `extension` on PBX `pbxId`, or null. */
  byEndpoint (pbxId: string, extension: string): Operator | null {
    return this.#byEndpoint.get(endpointKey(pbxId, extension)) ?? null
  }
}

/** PBX ids never contain `/`, so `pbx/extension` is unambiguous. */
function endpointKey (pbxId: string, extension: string): string {
  return `${pbxId}/${extension}`
}

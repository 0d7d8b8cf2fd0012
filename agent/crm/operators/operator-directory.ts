/**
 * Who sits at which extension. The hub, the call view and the call log ask
 * this on every call change, so it answers from memory and refreshes from the
 * store in the background.
 */
import type { Logger } from 'pino'
import type { Operator } from '../../model/operator.js'

export interface OperatorSource {
  listOperators (): Promise<readonly Operator[]>
}

export class OperatorDirectory {
  readonly #source: OperatorSource
  readonly #log: Logger
  #byExtension = new Map<string, Operator>()
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
      for (const op of await this.#source.listOperators()) {
        for (const ext of op.extensions) next.set(ext, op)
      }
      this.#byExtension = next
    } catch (err) {
      this.#log.warn({ err }, 'operator directory refresh failed; keeping the previous one')
    }
  }

  byExtension (extension: string): Operator | null {
    return this.#byExtension.get(extension) ?? null
  }
}

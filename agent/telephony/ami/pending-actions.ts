/**
 * Our own ActionID → caller correlation, replacing asterisk-manager's
 * `once(ActionID)` callbacks, which never time out, never fail on disconnect
 * and only see the first frame of a list (A.4).
 */
import { AmiError, AmiErrorCode } from './ami-error.js'
import { decodeEvent, header } from './events.js'
import type { AmiEvent, AmiFrame, DecodeFailure } from './events.js'

/** What a list action (CoreShowChannels, QueueStatus, Status …) resolves with. */
export interface ListResult {
  /** The acknowledgement (`Response: Success`, `EventList: start`). */
  readonly response: AmiFrame
  /** Decoded list items in arrival order, without the closing `…Complete` event. */
  readonly items: AmiEvent[]
}

interface Base {
  readonly label: string
  readonly timer: NodeJS.Timeout
}
interface Single extends Base {
  readonly kind: 'single'
  readonly resolve: (frame: AmiFrame) => void
  readonly reject: (err: AmiError) => void
}
interface List extends Base {
  readonly kind: 'list'
  readonly resolve: (result: ListResult) => void
  readonly reject: (err: AmiError) => void
  response: AmiFrame | null
  complete: AmiFrame | null
  readonly items: AmiEvent[]
}
type Entry = Single | List

/** Called for list items that fail to decode, so the adapter can log and count them. */
export type MalformedSink = (failure: DecodeFailure, frame: AmiFrame) => void

/**
 * Pending actions of one adapter. `Response: Error` rejects with
 * {@link AmiErrorCode.ActionFailed} (the frame is on `err.response`), so a
 * caller cannot mistake a refusal for success.
 */
export class PendingActions {
  readonly #entries = new Map<string, Entry>()
  /** List ids that timed out: their late items must not leak out as live events. */
  readonly #abandoned = new Set<string>()

  constructor (private readonly onMalformed: MalformedSink) {}

  /** Number of actions in flight. */
  get size (): number {
    return this.#entries.size
  }

  /** Registers a single-response action; rejects with {@link AmiErrorCode.ActionTimeout} after `timeoutMs`. */
  single (id: string, label: string, timeoutMs: number): Promise<AmiFrame> {
    return new Promise<AmiFrame>((resolve, reject) => {
      const timer = setTimeout(() => this.#timeout(id), timeoutMs)
      this.#entries.set(id, { kind: 'single', label, timer, resolve, reject })
    })
  }

  /** Registers a list action: complete on `EventList: Complete`/`cancelled` or on `Response: Error`. */
  list (id: string, label: string, timeoutMs: number): Promise<ListResult> {
    return new Promise<ListResult>((resolve, reject) => {
      const timer = setTimeout(() => this.#timeout(id), timeoutMs)
      this.#entries.set(id, { kind: 'list', label, timer, resolve, reject, response: null, complete: null, items: [] })
    })
  }

  /**
   * Offers a frame with a `Response` header. Returns false when no pending
   * action owns it (late answer, someone else's ActionID).
   */
  takeResponse (frame: AmiFrame): boolean {
    const id = header(frame, 'ActionID')
    const entry = id === undefined ? undefined : this.#entries.get(id)
    if (id === undefined || entry === undefined) return false
    if (/^error$/i.test(header(frame, 'Response') ?? '')) {
      this.#settle(id, entry)
      entry.reject(new AmiError(AmiErrorCode.ActionFailed,
        `${entry.label} failed: ${header(frame, 'Message') ?? 'Response: Error'}`, { response: frame }))
      return true
    }
    if (entry.kind === 'single') {
      this.#settle(id, entry)
      entry.resolve(frame)
      return true
    }
    entry.response = frame
    // A Success without `EventList: start` announces no list at all.
    if (header(frame, 'EventList') === undefined) entry.complete = frame
    this.#finishList(id, entry)
    return true
  }

  /**
   * Offers an event frame. Returns true when it is an item (or the end) of one
   * of our list actions, live or abandoned; such frames are not live events.
   */
  takeListEvent (frame: AmiFrame): boolean {
    const id = header(frame, 'ActionID')
    if (id === undefined) return false
    if (this.#abandoned.has(id)) {
      if (isListEnd(frame)) this.#abandoned.delete(id)
      return true
    }
    const entry = this.#entries.get(id)
    if (entry === undefined || entry.kind !== 'list') return false
    if (isListEnd(frame)) {
      entry.complete = frame
      this.#finishList(id, entry)
      return true
    }
    const decoded = decodeEvent(frame)
    if (decoded.type === 'Malformed') this.onMalformed(decoded, frame)
    else entry.items.push(decoded)
    return true
  }

  /** Rejects every pending action (link closed) and forgets abandoned lists. */
  rejectAll (err: AmiError): void {
    const entries = [...this.#entries]
    this.#entries.clear()
    this.#abandoned.clear()
    for (const [, entry] of entries) {
      clearTimeout(entry.timer)
      entry.reject(err)
    }
  }

  #finishList (id: string, entry: List): void {
    if (entry.response === null || entry.complete === null) return
    this.#settle(id, entry)
    entry.resolve({ response: entry.response, items: entry.items })
  }

  #settle (id: string, entry: Entry): void {
    clearTimeout(entry.timer)
    this.#entries.delete(id)
  }

  #timeout (id: string): void {
    const entry = this.#entries.get(id)
    if (entry === undefined) return
    this.#entries.delete(id)
    if (entry.kind === 'list') this.#abandoned.add(id)
    entry.reject(new AmiError(AmiErrorCode.ActionTimeout, `${entry.label} not answered in time (ActionID ${id})`))
  }
}

function isListEnd (frame: AmiFrame): boolean {
  return /^(complete|cancelled)$/i.test(header(frame, 'EventList') ?? '')
}

/**
 * Where the stages meet. Read top to bottom, this is the whole data flow:
 *
 * ```
 * PbxLink ─AmiEvent─▶ CallTracker ─CallChange─▶ CallMatches (matcher + card builder)
 *    ─CallMatch─▶ LiveCalls (the hub relays it to the operators' sockets)
 *    and, once ended, CallRecorder ─▶ the customer's file
 * ```
 * The stages do not import each other; only this file knows the order. The
 * return path (wrap-up, pick the caller, create a lead) starts at the use
 * cases in ./wrap-up.ts and ./customer-desk.ts and comes back through live state.
 */
import type { Logger } from 'pino'
import type { PbxLink } from '../telephony/pbx-link.js'
import type { CallChange } from '../model/call.js'
import type { CallTracker } from '../telephony/calls/call-tracker.js'
import type { CallRecorder } from './call-log.js'
import { matchedCustomerId, type CallMatches } from './call-matches.js'
import type { LiveCalls } from '../live/live-calls.js'
import type { CallMatch } from '../contracts/ws.js'

export interface PipelineStages {
  /** The PBX link; it resyncs the tracker itself after each login. */
  readonly pbx: Pick<PbxLink, 'on' | 'off'>
  readonly tracker: CallTracker
  readonly matches: CallMatches
  readonly live: LiveCalls
  /** Told when the PBX link goes down or comes back (the hub tells the widgets). */
  readonly pbxStatus: (status: 'connected' | 'disconnected') => void
  readonly recorder: CallRecorder
  readonly logger: Logger
}

export interface Pipeline {
  /** Resolves when every change seen so far has reached live state and the recorder. */
  settled (): Promise<void>
  stop (): void
}

export function wirePipeline ({ pbx, tracker, matches, live, pbxStatus, recorder, logger }: PipelineStages): Pipeline {
  // Changes of one call are handled in order (a lookup may be slow); different calls do not wait for each other.
  const chains = new Map<string, Promise<void>>()

  const handle = async (change: CallChange): Promise<void> => {
    let match: CallMatch | null = null
    try {
      match = await matches.forCall(change.call)
      live.put(change.call, match)
    } finally {
      if (change.kind === 'ended') {
        // Every ended call is recorded, even when its pop failed; live state keeps the match for the wrap-up.
        matches.forget(change.call.id)
        await recorder.record(change.call, matchedCustomerId(match))
      }
    }
  }

  const unsubscribe = tracker.onChange((change) => {
    const id = change.call.id
    const next = (chains.get(id) ?? Promise.resolve())
      .then(() => handle(change))
      .catch((err: unknown) => { logger.error({ err, callId: id }, 'call change could not be delivered') })
    chains.set(id, next)
    void next.then(() => { if (chains.get(id) === next) chains.delete(id) })
  })

  const onEvent = (event: Parameters<CallTracker['apply']>[0]): void => { tracker.apply(event) }
  const onDown = (): void => {
    tracker.linkDown()
    pbxStatus('disconnected')
  }
  // The link has already resynced the tracker (or logged why it could not).
  const onUp = (): void => { pbxStatus('connected') }

  pbx.on('event', onEvent)
  pbx.on('down', onDown)
  pbx.on('up', onUp)

  return {
    async settled () {
      while (chains.size > 0) await Promise.all([...chains.values()])
      await matches.drain()
      await recorder.drain()
    },
    stop () {
      unsubscribe()
      pbx.off('event', onEvent)
      pbx.off('down', onDown)
      pbx.off('up', onUp)
    }
  }
}

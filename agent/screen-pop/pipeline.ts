/**
 * Where the stages meet. Read top to bottom, this is the whole data flow:
 *
 * ```
 * AMI adapter ─AmiEvent─▶ CallTracker ─CallChange─▶ CallMatches (matcher + card builder)
 *    ─CallMatch─▶ Hub (WebSocket to the operator) and, once ended, CallRecorder ─▶ Store
 * ```
 * The stages do not import each other; only this file knows the order.
 */
import type { Logger } from 'pino'
import type { AmiAdapter } from '../telephony/ami/ami-adapter.js'
import { decodeCoreStatusBoot, type CoreShowChannelEvent, type QueueEntryEvent } from '../telephony/ami/events.js'
import type { CallChange } from '../model/call.js'
import type { CallTracker } from '../telephony/calls/call-tracker.js'
import type { CallRecorder } from './call-log.js'
import { matchedCustomerId, type CallMatches } from './call-matches.js'
import type { Hub } from '../delivery/ws/hub.js'
import type { CallMatch } from '../contracts/ws.js'

export interface PipelineStages {
  readonly ami: AmiAdapter
  readonly tracker: CallTracker
  readonly matches: CallMatches
  readonly hub: Hub
  readonly recorder: CallRecorder
  readonly logger: Logger
}

export interface Pipeline {
  /** Resolves when every change seen so far has reached the hub and the recorder. */
  settled (): Promise<void>
  stop (): void
}

/**
 * After every AMI login: re-read the live channels and queue callers, so the
 * tracker keeps calls that survived the outage and closes those that did not.
 */
export async function resyncTracker (
  ami: Pick<AmiAdapter, 'send' | 'sendList'>,
  tracker: Pick<CallTracker, 'resync'>,
  session: { epoch: number; uptimeS: number | null }
): Promise<void> {
  // The exact boot time keeps call ids stable across agent restarts; without it the tracker estimates from Uptime.
  const status = await ami.send({ Action: 'CoreStatus' }).catch(() => null)
  const bootId = status === null ? null : decodeCoreStatusBoot(status)
  const channels = await ami.sendList({ Action: 'CoreShowChannels' })
  const queues = await ami.sendList({ Action: 'QueueStatus' })
  tracker.resync(
    { ...session, bootId },
    channels.items.filter((e): e is CoreShowChannelEvent => e.type === 'CoreShowChannel'),
    queues.items.filter((e): e is QueueEntryEvent => e.type === 'QueueEntry')
  )
}

export function wirePipeline ({ ami, tracker, matches, hub, recorder, logger }: PipelineStages): Pipeline {
  // Changes of one call are handled in order (a lookup may be slow); different calls do not wait for each other.
  const chains = new Map<string, Promise<void>>()

  const handle = async (change: CallChange): Promise<void> => {
    let match: CallMatch | null = null
    try {
      match = await matches.forCall(change.call)
      hub.publish(change.call, match)
    } finally {
      if (change.kind === 'ended') {
        // Every ended call is recorded, even when its pop failed; the hub keeps the match for the wrap-up.
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
    hub.pbxStatus('disconnected')
  }
  const onUp = (session: { epoch: number; uptimeS: number | null }): void => {
    void (async () => {
      try {
        await resyncTracker(ami, tracker, session)
      } catch (err) {
        // A failed resync leaves calls "unverified"; the next reconnect tries again.
        logger.warn({ err }, 'resync after AMI login failed')
      }
      hub.pbxStatus('connected')
    })()
  }

  ami.on('event', onEvent)
  ami.on('disconnected', onDown)
  ami.on('connected', onUp)

  return {
    async settled () {
      while (chains.size > 0) await Promise.all([...chains.values()])
      await recorder.drain()
    },
    stop () {
      unsubscribe()
      ami.off('event', onEvent)
      ami.off('disconnected', onDown)
      ami.off('connected', onUp)
    }
  }
}

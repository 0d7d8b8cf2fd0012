/**
 * What the agent asks a PBX after each login to catch up with calls that
 * changed while it was not listening (ami-reference B.9). The action names
 * and the decoding of their answers stay here, in the AMI layer; callers get
 * typed facts.
 */
import type { AmiAdapter } from './ami-adapter.js'
import { decodeCoreStatusBoot, type CoreShowChannelEvent, type QueueEntryEvent } from './events.js'

/** The live calls of a PBX, as listed by CoreShowChannels and QueueStatus. */
export interface LiveChannels {
  readonly channels: readonly CoreShowChannelEvent[]
  readonly queueEntries: readonly QueueEntryEvent[]
}

/**
 * The PBX run's boot id from `CoreStatus` (see {@link decodeCoreStatusBoot}):
 * null when the answer lacks the startup time.
 * @throws AmiError when the action fails (e.g. the AMI user may not read `system`/`reporting`).
 */
export async function queryBootId (ami: Pick<AmiAdapter, 'send'>): Promise<string | null> {
  return decodeCoreStatusBoot(await ami.send({ Action: 'CoreStatus' }))
}

/**
 * Every live channel (`CoreShowChannels`) and every caller waiting in a queue
 * (`QueueStatus`), read one after the other.
 * @throws AmiError when either list fails.
 */
export async function queryLiveChannels (ami: Pick<AmiAdapter, 'sendList'>): Promise<LiveChannels> {
  const channels = await ami.sendList({ Action: 'CoreShowChannels' })
  const queues = await ami.sendList({ Action: 'QueueStatus' })
  return {
    channels: channels.items.filter((e): e is CoreShowChannelEvent => e.type === 'CoreShowChannel'),
    queueEntries: queues.items.filter((e): e is QueueEntryEvent => e.type === 'QueueEntry')
  }
}

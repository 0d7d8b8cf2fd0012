/**
 * Reading operator extensions out of Asterisk channel names and queue member
 * interfaces. A channel name is a label, not an identity (ami-reference B.7):
 * channels are keyed by Uniqueid, and a name only tells which extension a leg
 * belongs to.
 *
 * Shapes handled (main/core_unreal.c, channels/chan_pjsip.c `PJSIP/%s-%08x`):
 * - `Local/1001@agents-00000001;1`, `Local/1001@from-queue-0000000a;2` → `1001`
 * - `Local/1001@agents/n` (queue interface, options after `/`) → `1001`
 * - `PJSIP/1001-0000001a`, `SIP/alice-0000000b` → endpoint before the last `-`
 * - `PJSIP/1001` (queue interface, no counter suffix) → `1001`
 */

const LOCAL = /^Local\/([^@/]+)@(.+?)(?:-[0-9a-f]{8};([12]))?(?:\/[A-Za-z]*)?$/
const DEVICE = /^[A-Za-z0-9_]+\/(.+?)(?:-[0-9a-f]{8})?$/

/** Extension or endpoint a channel name or queue interface points at; null when unreadable. */
export function extensionOf (nameOrInterface: string): string | null {
  const local = LOCAL.exec(nameOrInterface)
  if (local !== null) return local[1] ?? null
  const device = DEVICE.exec(nameOrInterface)
  const resource = device?.[1]
  return resource === undefined || resource === '' ? null : resource
}

/**
 * The shared part of a Local channel pair's names (`Local/1001@agents-00000001`),
 * so `;1` and `;2` can be recognised as the two halves of one Local channel.
 * Null for anything that is not a Local half.
 */
export function localPairKey (channelName: string): string | null {
  const m = /^(Local\/.+-[0-9a-f]{8});[12]$/.exec(channelName)
  return m?.[1] ?? null
}

/**
 * The number part of a dial string (`0301234567@pstn-callee`,
 * `PJSIP/trunk/0301234567`, `0301234567`), used as the callee's number on
 * outbound calls when the callee channel carries none.
 */
export function dialedNumberOf (dialString: string): string | null {
  // Trailing option segments (`Local/1002@agents/n`) carry no digits; skip them.
  const segment = dialString.split('/').reverse().find(s => /\d/.test(s)) ?? ''
  const number = segment.split('@')[0]?.trim() ?? ''
  return number === '' ? null : number
}

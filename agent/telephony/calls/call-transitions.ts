/**
 * The one gate every call state change passes through. The tracker asks for a
 * state; this module says whether the move is allowed. AMI can drop, repeat
 * and reorder events, so a refused move is reported to the caller (which
 * counts and logs it with `RC_ERR_CALL_ILLEGAL_TRANSITION`), never thrown.
 *
 * ```
 *   (new) ─────────────────────────────────────────────┐
 *     │  first queue join / ring / answer              │ busy, failed: straight to ended
 *     ▼                                                ▼
 *   queued ◄──────► ringing ──────► connected ──────► ended   (terminal: never re-opens)
 *     ▲               ▲                 │
 *     │               └─────────────────┤  transfer: the target rings
 *     └─────────────────────────────────┘  transfer into a queue
 * ```
 * `new` is the tracker's private "not published yet" state: Newchannel does not
 * pop (its caller ID is still `<unknown>`), so a call becomes visible on its
 * first move out of `new`. Every state may move to `ended`; nothing leaves it.
 */
import { CallState } from '../../model/call.js'

/** Not yet published: channels seen, nobody queued, rung or answered. */
export const UNPUBLISHED = 'new'

/** A call's state inside the tracker: a published {@link CallState} or {@link UNPUBLISHED}. */
export type TrackedState = CallState | typeof UNPUBLISHED

/** The allow-list. A move not listed here is illegal. */
export const CALL_TRANSITIONS: Readonly<Record<TrackedState, readonly CallState[]>> = {
  [UNPUBLISHED]: [CallState.Queued, CallState.Ringing, CallState.Connected, CallState.Ended],
  [CallState.Queued]: [CallState.Ringing, CallState.Connected, CallState.Ended],
  // Back to queued: every rung member failed and the caller still waits.
  [CallState.Ringing]: [CallState.Queued, CallState.Connected, CallState.Ended],
  // Blind transfer to an extension (target rings) or into a queue.
  [CallState.Connected]: [CallState.Ringing, CallState.Queued, CallState.Ended],
  [CallState.Ended]: []
}

/** `moved`: state changed; `same`: already there (repeated event); `illegal`: refused. */
export type TransitionResult = 'moved' | 'same' | 'illegal'

/**
 * Moves `call.state` to `to` when the allow-list permits it. The only place a
 * call's state is written.
 */
export function transition (call: { state: TrackedState }, to: CallState): TransitionResult {
  if (call.state === to) return 'same'
  if (!CALL_TRANSITIONS[call.state].includes(to)) return 'illegal'
  call.state = to
  return 'moved'
}

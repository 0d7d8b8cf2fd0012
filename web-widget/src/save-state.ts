import type { DuplicateHit } from '../../agent/contracts/customers.js'

/**
 * Progress of one request the operator started (save an outcome, create a lead),
 * as the root element tells a presentational element to show it.
 */
export type SaveState =
  | { readonly state: 'idle' }
  | { readonly state: 'saving' }
  | { readonly state: 'saved' }
  | { readonly state: 'error'; readonly code: string; readonly message: string; readonly duplicates?: readonly DuplicateHit[] }

export const IDLE: SaveState = { state: 'idle' }

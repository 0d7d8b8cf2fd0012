/**
 * PBX identity. Calls, channels and operator extensions belong to one PBX;
 * an extension number means something only together with its PBX id.
 * Plain data, no I/O.
 */

/** The id of the one PBX configured today (`RINGCARD_AMI_URL`). */
export const DEFAULT_PBX_ID = 'default'

/**
 * What a PBX id may look like: 1–32 letters, digits, dot, dash or underscore.
 * No `:` (it separates the parts of a call id) and no `/` (it separates PBX
 * and extension in `pbx2/1001`).
 */
export const PBX_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/

/** True when `value` can serve as a PBX id. */
export function isPbxId (value: string): boolean {
  return PBX_ID_PATTERN.test(value)
}

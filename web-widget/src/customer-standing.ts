import { css, html, nothing, type TemplateResult } from 'lit'
import { styleMap } from 'lit/directives/style-map.js'
import type { CustomerRecord, Group } from '../../agent/contracts/customers.js'
import type { OperatorInfo, Stage } from '../../agent/contracts/ws.js'
import type { GroupView } from './api-client.js'
import type { KnownOperator } from './customer-file-controller.js'
import type { CustomerAction } from './events.js'
import { enterSubmitsFromSelect, fieldText, isSaving, statusLine } from './file-form.js'
import { formatDate } from './format.js'
import type { SaveState } from './save-state.js'

/*
 * The owner, stage and groups of `<ringcard-customer>`: how they read, and
 * the small forms that change them. Templates only; the element owns the
 * open/closed state and sends the actions.
 */

/** Every word these controls show, in one place (for translation). */
const t = {
  newOwner: 'New owner',
  nobody: 'nobody',
  me: (name: string) => `me (${name})`,
  operatorsError: 'Only the colleagues seen so far are listed:',
  saveOwner: 'Change owner',
  cancel: 'Cancel',
  saving: 'Saving…',
  stage: 'Stage',
  stages: { lead: 'lead', prospect: 'prospect', customer: 'customer', inactive: 'inactive' } satisfies Record<Stage, string>,
  since: (at: string) => `since ${at}`,
  history: (from: string | null, to: string, at: string, by: string | null) => `${from ?? '—'} → ${to}, ${at}${by ? `, ${by}` : ''}`,
  removeFrom: (name: string) => `Remove from group ${name}`,
  addTo: 'Add to group',
  noOther: 'no other group',
  add: 'Add',
  newGroup: 'Or a new group',
  colour: 'Colour',
  create: 'Create and add',
  enterHint: 'Enter saves · Esc closes'
}

const STAGES: readonly Stage[] = ['lead', 'prospect', 'customer', 'inactive']
const HEX = /^#[0-9a-f]{6}$/i

/** Black or white text, whichever reads better on `colour`. */
function inkOn (colour: string): string {
  const n = Number.parseInt(colour.slice(1), 16)
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255]
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#111' : '#fff'
}

/** A group as a chip in its colour, with a button that takes the customer out of it. */
export function groupChip (group: Group, act: (a: CustomerAction) => void, status: SaveState | undefined): TemplateResult {
  const colour = HEX.test(group.colour) ? group.colour : '#6b7280'
  return html`<span class="group-chip" data-group=${group.id} style=${styleMap({ background: colour, color: inkOn(colour) })}>
    <bdi>${group.name}</bdi><button class="chip-x" aria-label=${t.removeFrom(group.name)} title=${t.removeFrom(group.name)} ?disabled=${isSaving(status)}
      @click=${() => act({ kind: 'leave-group', form: 'groups', groupId: group.id })}>×</button></span>`
}

export interface OwnerFormInput {
  readonly open: boolean
  readonly file: CustomerRecord
  readonly me: OperatorInfo | null
  readonly operators: readonly KnownOperator[]
  /** Why the list of operators could not be read ('' when it could): the ones seen by name stand in. */
  readonly operatorsError: string
  readonly status: SaveState | undefined
  readonly act: (a: CustomerAction) => void
  readonly cancel: () => void
}

/** Hand the customer to someone, by name: nobody, me, or any colleague (`GET /api/operators`). */
export function renderOwnerForm (i: OwnerFormInput): TemplateResult {
  const current = i.file.owner?.id ?? null
  const others = i.operators.filter((o) => o.id !== i.me?.id)
  const submit = (event: SubmitEvent): void => {
    event.preventDefault()
    const picked = fieldText(event.currentTarget as HTMLFormElement, 'owner')
    const ownerId = picked ? Number(picked) : null
    if (ownerId === current) i.cancel()
    else i.act({ kind: 'patch', form: 'owner', patch: { ownerId } })
  }
  return html`
    <form class="inline" data-form="owner" ?hidden=${!i.open} aria-label=${t.saveOwner} @submit=${submit} @keydown=${enterSubmitsFromSelect}>
      <label>${t.newOwner}
        <select name="owner" data-first>
          <option value="" ?selected=${current === null}>${t.nobody}</option>
          ${i.me ? html`<option value=${String(i.me.id)} ?selected=${current === i.me.id}>${t.me(i.me.displayName)}</option>` : nothing}
          ${others.map((o) => html`<option value=${String(o.id)} ?selected=${current === o.id}>${o.displayName}</option>`)}
        </select></label>
      ${i.operatorsError ? html`<p class="err small wide" role="alert">${t.operatorsError} ${i.operatorsError}</p>` : nothing}
      ${statusLine(i.status, { saving: t.saving })}
      <div class="form-actions">
        <button class="primary" type="submit" ?disabled=${isSaving(i.status)}>${t.saveOwner} <kbd>Enter</kbd></button>
        <button type="button" @click=${i.cancel}>${t.cancel}</button>
        <span class="small muted">${t.enterHint}</span>
      </div>
    </form>
  `
}

/** The funnel as four buttons, the current stage pressed; its history on hover. */
export function renderStage (file: CustomerRecord, status: SaveState | undefined, act: (a: CustomerAction) => void): TemplateResult {
  const last = file.stageHistory.at(-1)
  const history = file.stageHistory.map((h) => t.history(h.from, h.to, formatDate(h.at), h.by?.displayName ?? null)).join('\n')
  return html`
    <div class="control" role="group" aria-label=${t.stage}>
      <span class="control-label">${t.stage}</span>
      <span class="stages">${STAGES.map((s) => html`
        <button class="stage-btn stage-${s}" data-stage=${s} aria-pressed=${file.stage === s ? 'true' : 'false'} ?disabled=${isSaving(status)}
          @click=${() => { if (s !== file.stage) act({ kind: 'patch', form: 'stage', patch: { stage: s } }) }}>${t.stages[s]}</button>`)}
      </span>
      ${last ? html`<span class="small muted" title=${history}>${t.since(formatDate(last.at))}</span>` : nothing}
    </div>
    ${statusLine(status, { saving: t.saving })}
  `
}

export interface GroupFormInput {
  readonly open: boolean
  readonly file: CustomerRecord
  readonly groups: readonly GroupView[] | null
  readonly groupsError: string
  readonly status: Readonly<Record<string, SaveState>>
  readonly act: (a: CustomerAction) => void
  readonly cancel: () => void
}

/** Into an existing group, or into a new one made here with its colour. */
export function renderGroupForm (i: GroupFormInput): TemplateResult {
  const member = new Set(i.file.groups.map((g) => g.id))
  const other = (i.groups ?? []).filter((g) => !member.has(g.id))
  const join = (event: SubmitEvent): void => {
    event.preventDefault()
    const id = Number(fieldText(event.currentTarget as HTMLFormElement, 'groupId'))
    if (id > 0) i.act({ kind: 'join-group', form: 'groups', groupId: id })
  }
  const create = (event: SubmitEvent): void => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const name = fieldText(form, 'name')
    const colour = fieldText(form, 'colour')
    if (name) i.act({ kind: 'create-group', form: 'group-new', body: { name, ...(HEX.test(colour) ? { colour: colour.toLowerCase() } : {}) } })
  }
  return html`
    <div class="group-forms" data-form-root="groups" ?hidden=${!i.open}>
      <form class="inline" data-form="groups" aria-label=${t.addTo} @submit=${join}>
        <label>${t.addTo}
          <select name="groupId" data-first ?disabled=${other.length === 0}>
            ${other.length === 0 ? html`<option value="">${t.noOther}</option>` : other.map((g) => html`<option value=${String(g.id)}>${g.name}</option>`)}
          </select></label>
        <div class="form-actions end">
          <button class="primary" type="submit" ?disabled=${other.length === 0 || isSaving(i.status.groups)}>${t.add} <kbd>Enter</kbd></button>
        </div>
        ${i.groupsError ? html`<p class="err small" role="alert">${i.groupsError}</p>` : nothing}
        ${statusLine(i.status.groups, { saving: t.saving })}
      </form>
      <form class="inline" data-form="group-new" aria-label=${t.newGroup} @submit=${create}>
        <label>${t.newGroup}<input name="name" autocomplete="off" maxlength="60" required></label>
        <label>${t.colour}<input name="colour" type="color" value="#0a58ca"></label>
        ${statusLine(i.status['group-new'], { saving: t.saving })}
        <div class="form-actions">
          <button type="submit" ?disabled=${isSaving(i.status['group-new'])}>${t.create}</button>
          <button type="button" @click=${i.cancel}>${t.cancel}</button>
          <span class="small muted">${t.enterHint}</span>
        </div>
      </form>
    </div>
  `
}

export const standingStyles = css`
  .controls { display: grid; gap: 4px; margin-block-start: 8px; padding-block: 6px; border-block: 1px solid var(--_line); }
  .control { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-size: 13px; }
  .control-label {
    min-inline-size: 4.5em; font-size: 11px; font-weight: 700; text-transform: uppercase;
    letter-spacing: 0.05em; color: var(--_muted);
  }
  .owner { font-weight: 600; }
  .stages { display: inline-flex; flex-wrap: wrap; gap: 0; }
  .stage-btn {
    font-size: 12px; padding: 1px 8px; border-radius: 0; color: var(--_fg); border-color: var(--_line);
    margin-inline-start: -1px;
  }
  .stage-btn:first-child { border-start-start-radius: var(--_radius); border-end-start-radius: var(--_radius); margin-inline-start: 0; }
  .stage-btn:last-child { border-start-end-radius: var(--_radius); border-end-end-radius: var(--_radius); }
  .stage-btn[aria-pressed="true"] { background: var(--_fg); color: var(--_bg); border-color: var(--_fg); }
  .chips { display: inline-flex; flex-wrap: wrap; gap: 4px; }
  .group-chip {
    display: inline-flex; align-items: center; gap: 2px; font-size: 12px; font-weight: 600;
    padding-inline: 8px 2px; border-radius: 999px;
  }
  .chip-x {
    border: 0; background: transparent; color: inherit; padding: 0 4px; font-size: 13px; line-height: 1.2; border-radius: 999px;
  }
  .chip-x:hover, .chip-x:focus-visible { background: rgb(0 0 0 / 0.15); }
  .group-forms[hidden] { display: none; }
  .group-forms { display: grid; gap: 0; }
  .form-actions.end { grid-column: auto; align-self: end; }
`

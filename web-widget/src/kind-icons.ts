import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit'
import type { TimelineEntry } from '../../agent/contracts/timeline.js'

/*
 * One small line icon per kind of contact, drawn inline (no font or image to
 * load, and nothing the host page can swap). Decorative: the kind is always
 * written next to it.
 */

const paths: Record<TimelineEntry['kind'], SVGTemplateResult> = {
  call: svg`<path d="M4 2.5h2.5l1.2 3-1.6 1.1a8 8 0 0 0 3.3 3.3l1.1-1.6 3 1.2V12a1.5 1.5 0 0 1-1.6 1.5A10.5 10.5 0 0 1 2.5 4.1 1.5 1.5 0 0 1 4 2.5z"/>`,
  meeting: svg`<circle cx="5.5" cy="5.5" r="2"/><circle cx="11" cy="6" r="1.6"/><path d="M1.8 13c.4-2.4 1.9-3.8 3.7-3.8s3.3 1.4 3.7 3.8M9.6 9.6c.4-.2.9-.3 1.4-.3 1.5 0 2.7 1.2 3 3.2"/>`,
  email: svg`<rect x="2" y="3.5" width="12" height="9" rx="1.2"/><path d="M2.5 4.3 8 8.6l5.5-4.3"/>`,
  sms: svg`<path d="M2.5 3.5h11v7.2h-6.3L4.2 13v-2.3H2.5z"/>`,
  note: svg`<path d="M3.5 2.5h6l3 3v8h-9z"/><path d="M9.5 2.5v3h3M5.5 8.5h5M5.5 11h3.5"/>`
}

export function kindIcon (kind: TimelineEntry['kind']): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false"
    fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round" stroke-linecap="round">${paths[kind]}</svg>`
}

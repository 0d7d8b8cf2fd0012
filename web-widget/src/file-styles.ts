import { css } from 'lit'

/**
 * The look shared by the parts of the customer file (`<ringcard-customer>`,
 * `<ringcard-timeline>`, `<ringcard-issues>`, `<ringcard-purchases>`,
 * `<ringcard-customer-fields>`): section headings, toolbars, inline forms.
 * Only logical properties (inline/block), so `dir="rtl"` mirrors it all.
 */
export const fileStyles = css`
  :host { display: block; }
  section.part { margin-block-start: 10px; }
  .part-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
  .part-head h3 { margin: 0; flex: 1; }
  h3 {
    font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em;
    color: var(--_muted); margin-block: 10px 3px;
  }
  button.small, .part-head button { font-size: 12px; padding: 1px 8px; }
  button[aria-expanded="true"] { background: var(--_tint); }
  form.inline {
    display: grid; grid-template-columns: 1fr 1fr; gap: 6px 8px; margin-block: 6px;
    padding: 8px; border: 1px solid var(--_line); border-radius: var(--_radius); background: var(--_tint);
  }
  form.inline[hidden] { display: none; }
  form.inline label { font-size: 12px; font-weight: 600; display: grid; gap: 2px; align-content: start; }
  form.inline .wide { grid-column: 1 / -1; }
  form.inline label.check { display: flex; align-items: center; gap: 6px; font-weight: 500; }
  input[type="checkbox"], input[type="radio"] { width: auto; margin: 0; }
  input[type="color"] { padding: 0 2px; block-size: 28px; }
  textarea { resize: vertical; min-block-size: 3.2em; }
  .form-actions { grid-column: 1 / -1; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
  .err { color: var(--_bad); grid-column: 1 / -1; overflow-wrap: anywhere; }
  .status { grid-column: 1 / -1; }
  .code { font-family: ui-monospace, monospace; font-size: 11px; }
  .empty { font-size: 12px; color: var(--_muted); }
  .mark-ok { color: var(--_ok); font-weight: 600; }
  .mark-bad { color: var(--_bad); font-weight: 600; }
  .num { font-variant-numeric: tabular-nums; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; font-size: 13px; }
  dl.facts dt { color: var(--_muted); font-size: 12px; }
  dl.facts dd { margin: 0; overflow-wrap: anywhere; }
  a { color: var(--_accent); }
  .focus-flash { animation: flash 1.2s ease-out 1; }
  @keyframes flash { from { background: color-mix(in srgb, var(--_accent) 25%, transparent); } }
  @media (prefers-reduced-motion: reduce) { .focus-flash { animation: none; } }
`

import { css } from 'lit'

/** Layout of `<ringcard-pop>`: a compact floating panel, overridable from the host page. */
export const popStyles = css`
  :host {
    position: fixed;
    right: 16px;
    bottom: 16px;
    z-index: 2147483000;
    width: min(400px, calc(100vw - 32px));
    display: block;
  }
  /* An open customer file needs room for its forms and timeline. */
  :host([data-file-open]) { width: min(600px, calc(100vw - 32px)); }
  .panel {
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_fg) 28%, var(--_bg));
    border-radius: calc(var(--_radius) + 2px);
    box-shadow: 0 10px 30px rgb(0 0 0 / 0.18), 0 2px 6px rgb(0 0 0 / 0.12);
    max-height: calc(100vh - 32px);
    overflow: auto;
  }
  header {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 10px;
    background: var(--_fg);
    color: var(--_bg);
    font-size: 12px;
  }
  header .muted { color: color-mix(in srgb, var(--_bg) 70%, var(--_fg)); }
  .brand { font-weight: 800; letter-spacing: 0.02em; }
  .status { display: inline-flex; align-items: center; gap: 5px; font-weight: 600; }
  .status::before { content: ''; width: 8px; height: 8px; border-radius: 50%; background: #9ca3af; }
  .status.good::before { background: #22c55e; }
  .status.warn::before { background: #f59e0b; }
  .status.bad::before { background: #ef4444; }
  .status.bad { color: #fecaca; }
  .operator { margin-left: auto; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  button.link {
    background: none; border: 0; padding: 0; color: inherit; font-weight: 500;
    text-decoration: underline; font-size: 12px;
  }
  .operator + button.link { margin-left: 0; }
  .status + button.link { margin-left: auto; }
  .calls { display: grid; gap: 8px; padding: 8px; }
  .calls:empty { display: none; }
  .idle { font-size: 13px; padding: 4px 2px; }
  .notice {
    display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px;
    padding: 6px 10px; border: 1px solid var(--_line); border-radius: var(--_radius);
    background: var(--_tint);
  }
  .notice.missed { border-left: 4px solid var(--_bad); }
  .notice.missed button { margin-left: auto; }
  .signin { display: grid; gap: 6px; padding: 12px 10px; }
  .signin h2 { font-size: 16px; }
  .signin label { font-size: 12px; font-weight: 600; }
  .signin .row { display: flex; gap: 6px; }
  .signin .row input { flex: 1; }
`

import { css } from 'lit'

/**
 * Shared look of every ringcard element. Host pages theme it through the
 * `--ringcard-*` custom properties, which inherit through shadow roots.
 */
export const theme = css`
  :host {
    --_font: var(--ringcard-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_accent: var(--ringcard-accent, #0a58ca);
    --_bg: var(--ringcard-bg, #ffffff);
    --_fg: var(--ringcard-fg, #111827);
    --_radius: var(--ringcard-radius, 6px);
    --_muted: color-mix(in srgb, var(--_fg) 68%, var(--_bg));
    --_line: color-mix(in srgb, var(--_fg) 16%, var(--_bg));
    --_tint: color-mix(in srgb, var(--_fg) 5%, var(--_bg));
    --_ok: #0f7b3f;
    --_bad: #b42318;
    font-family: var(--_font);
    font-size: 14px;
    line-height: 1.35;
    color: var(--_fg);
  }
  *, *::before, *::after { box-sizing: border-box; }
  h2, h3, p, ul, ol { margin: 0; }
  ul, ol { padding: 0; list-style: none; }
  .muted { color: var(--_muted); }
  .small { font-size: 12px; }
  button {
    font: inherit;
    font-weight: 600;
    color: var(--_accent);
    background: var(--_bg);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding: 3px 10px;
    cursor: pointer;
  }
  button.primary { background: var(--_accent); color: #fff; border-color: var(--_accent); }
  button:disabled { opacity: 0.6; cursor: default; }
  input, textarea, select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_fg) 40%, var(--_bg));
    border-radius: var(--_radius);
    padding: 4px 6px;
    width: 100%;
  }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  kbd {
    font: 600 11px/1 ui-monospace, monospace;
    border: 1px solid var(--_line);
    border-bottom-width: 2px;
    border-radius: 3px;
    padding: 1px 4px;
    background: var(--_tint);
    color: var(--_fg);
  }
  .badge {
    display: inline-block;
    font-size: 11px;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--_tint);
    color: #111;
    border: 1px solid var(--_line);
  }
  .tier-gold { background: var(--ringcard-gold, #f5c542); border-color: transparent; }
  .tier-silver { background: var(--ringcard-silver, #cfd6de); border-color: transparent; }
  .tier-bronze { background: var(--ringcard-bronze, #e0a06a); border-color: transparent; }
  .chip {
    display: inline-block;
    font-size: 12px;
    padding: 0 6px;
    border-radius: 999px;
    border: 1px solid var(--_line);
    background: var(--_tint);
  }
  .ok { color: var(--_ok); }
  .bad { color: var(--_bad); }
  .sr-only {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
`

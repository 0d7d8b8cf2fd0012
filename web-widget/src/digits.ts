/**
 * Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669) digits, as Persian and
 * Arabic keyboards type them, read as 0–9; so `۱۲۴۹٫۹۹` is an amount and `۱۲` an id.
 * The Arabic decimal separator (U+066B) and Persian/Arabic commas become `.` and `,`.
 */
export function foldDigits (text: string): string {
  return text
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06F0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\u066B/g, '.')
    .replace(/[\u066C\u060C]/g, ',')
}

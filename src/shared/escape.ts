/**
 * The one escaper for markup: HTML text and attributes (the login page, the HTML report) and XML
 * (the JUnit report). `'` becomes `&#39;`, which HTML 4 and XML both read (HTML 4 has no `&apos;`).
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `value` escaped for HTML or XML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

// XML 1.0 escaping for VOTable text and attribute values (characters XML cannot carry at all
// become U+FFFD so a stray control byte never breaks the document).

// The fast tests include every surrogate, so plain text skips both replacements.
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]/;
const ATTR_SPECIAL = /[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]/;
const TEXT_ALL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;
const ATTR_ALL = /[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITY: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;',
};

function replaceSpecial(ch: string): string {
  return ENTITY[ch] ?? '\ufffd';
}

/** Element content (whitespace in TD cells is significant, so CR is kept as a reference). */
export function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_ALL, replaceSpecial).replace(LONE_SURROGATE, '\ufffd') : s;
}

/** Attribute values: newlines and tabs as references so attribute normalization keeps them. */
export function escapeAttr(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_ALL, replaceSpecial).replace(LONE_SURROGATE, '\ufffd') : s;
}

/** ` name="value"` for each defined attribute, in order. */
export function attributes(pairs: readonly (readonly [string, string | undefined])[]): string {
  let s = '';
  for (const [name, value] of pairs) if (value !== undefined) s += ` ${name}="${escapeAttr(value)}"`;
  return s;
}

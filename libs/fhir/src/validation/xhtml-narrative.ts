/**
 * FHIR narrative (`Narrative.div`) as R4 allows it: one well-formed XHTML `<div>` in the XHTML
 * namespace, with only basic formatting elements and attributes (txt-1) and some content (txt-2).
 * Every system that shows a patient's record renders narrative as it is, so whatever could run or
 * load something (scripts, event handlers, `javascript:` links, frames, objects, forms, style
 * sheets) is refused here rather than escaped by each reader.
 */

const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** HTML 4.0 chapters 7–11 (without ins/del) and 15, links and images: the list R4's txt-1 gives. */
const ALLOWED_ELEMENTS = new Set([
  'p', 'br', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'span', 'b', 'em', 'i', 'strong', 'small', 'big', 'tt',
  'dfn', 'q', 'var', 'abbr', 'acronym', 'cite', 'blockquote', 'hr', 'address', 'bdo', 'kbd', 'sub', 'sup', 'ul',
  'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'table', 'caption', 'colgroup', 'col', 'thead', 'tr', 'tfoot', 'tbody', 'th',
  'td', 'code', 'samp', 'img', 'map', 'area',
]);

/** Presentation and table attributes, link and image targets; never an event handler (`on…`). */
const ALLOWED_ATTRIBUTES = new Set([
  'title', 'style', 'class', 'id', 'lang', 'xml:lang', 'dir', 'accesskey', 'tabindex',
  'span', 'width', 'height', 'align', 'valign', 'char', 'charoff', 'abbr', 'axis', 'headers', 'scope', 'rowspan',
  'colspan', 'summary', 'border', 'frame', 'rules', 'cellspacing', 'cellpadding', 'href', 'name', 'src', 'alt',
  'start', 'type', 'value', 'cite', 'shape', 'coords', 'nohref', 'usemap',
]);

/** Attributes a browser follows or loads: their URL scheme is checked. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'usemap']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel', 'urn']);
/** Inline raster images only: SVG can carry script. */
const SAFE_IMAGE_DATA = /^data:image\/(png|gif|jpeg|webp)[;,]/;
/** What a style attribute could use to load or run something. */
const UNSAFE_STYLE = /url\s*\(|expression\s*\(|javascript:|@import|behavior\s*:|-moz-binding|\\|\/\*/i;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]*))?;?/g;

const OPEN_TAG = /<([A-Za-z][-A-Za-z0-9_.:]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const CLOSE_TAG = /<\/([A-Za-z][-A-Za-z0-9_.:]*)\s*>/y;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Raised inside the scan; the message is the whole answer. */
class NarrativeProblem extends Error {}

function problem(message: string): never {
  throw new NarrativeProblem(message);
}

/** Text with its XML entities resolved; HTML's named entities (`&nbsp;`) are not XML and are refused. */
function decode(text: string): string {
  return text.replace(ENTITY, (match: string, decimal?: string, hex?: string, name?: string) => {
    if (!match.endsWith(';') || (decimal === undefined && hex === undefined && name === undefined)) {
      problem('a bare "&" is not well-formed XHTML: write &amp;');
    }
    if (name !== undefined) {
      const resolved = XML_ENTITIES[name];
      if (resolved === undefined) problem(`&${name}; is not an XML entity: narrative takes &amp; &lt; &gt; &quot; &apos; and numeric references (&#160; for a non-breaking space)`);
      return resolved;
    }
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
    return code > 0x10ffff ? problem(`&#${decimal ?? `x${hex}`}; is not a character`) : String.fromCodePoint(code);
  });
}

function checkUrl(element: string, attribute: string, value: string): void {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so this does too.
  const url = [...value].filter((character) => character.charCodeAt(0) > 0x20).join('').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
  if (scheme === undefined || SAFE_SCHEMES.has(scheme)) return;
  if (scheme === 'data' && element === 'img' && attribute === 'src' && SAFE_IMAGE_DATA.test(url)) return;
  problem(`${attribute}="${scheme}:…" on <${element}> is not allowed in narrative: links and images take http(s), mailto, tel, urn, relative or #local targets`);
}

function checkAttributes(element: string, text: string, isRoot: boolean): void {
  const seen = new Set<string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = match[1];
    const raw = match[2] ?? match[3] ?? '';
    if (seen.has(name)) problem(`<${element}> has the attribute ${name} twice: not well-formed XHTML`);
    seen.add(name);
    if (raw.includes('<')) problem(`an attribute value on <${element}> contains "<": not well-formed XHTML (write &lt;)`);
    const value = decode(raw);
    if (name === 'xmlns') {
      if (!isRoot || value !== XHTML_NAMESPACE) problem(`xmlns="${value}" on <${element}>: narrative is XHTML, declared once on its <div> as xmlns="${XHTML_NAMESPACE}"`);
      continue;
    }
    if (!ALLOWED_ATTRIBUTES.has(name)) {
      problem(/^on/i.test(name) ? `the event handler ${name} on <${element}> is not allowed in narrative (it runs script)` : `the attribute ${name} on <${element}> is not allowed in narrative (R4 txt-1)`);
    }
    if (URL_ATTRIBUTES.has(name)) checkUrl(element, name, value);
    if (name === 'style' && UNSAFE_STYLE.test(value)) problem(`the style on <${element}> loads or runs something (url(), expression(), @import…), which narrative may not`);
  }
  if (isRoot && !seen.has('xmlns')) problem(`the narrative <div> must declare the XHTML namespace: <div xmlns="${XHTML_NAMESPACE}">`);
}

function scan(div: string): void {
  const open: string[] = [];
  let rootDone = false;
  let rootSeen = false;
  let content = false;
  let at = 0;
  const text = (value: string) => {
    if (value.trim() === '') return;
    if (open.length === 0) problem('narrative is one <div> element: there is text outside it');
    if (decode(value).trim() !== '') content = true;
  };
  while (at < div.length) {
    const lt = div.indexOf('<', at);
    text(div.slice(at, lt === -1 ? div.length : lt));
    if (lt === -1) break;
    if (div.startsWith('<!--', lt)) {
      const end = div.indexOf('-->', lt + 4);
      if (end === -1) problem('a comment is not closed: not well-formed XHTML');
      at = end + 3;
      continue;
    }
    if (div.startsWith('<![CDATA[', lt)) {
      const end = div.indexOf(']]>', lt + 9);
      if (end === -1 || open.length === 0) problem('a CDATA section is not closed or lies outside the <div>');
      if (div.slice(lt + 9, end).trim() !== '') content = true;
      at = end + 3;
      continue;
    }
    if (div[lt + 1] === '!' || div[lt + 1] === '?') problem('declarations and processing instructions (<!…>, <?…?>) are not allowed in narrative');
    if (div[lt + 1] === '/') {
      CLOSE_TAG.lastIndex = lt;
      const close = CLOSE_TAG.exec(div);
      if (!close) problem('a closing tag is malformed: not well-formed XHTML');
      const expected = open.pop();
      if (close[1] !== expected) problem(expected ? `</${close[1]}> closes <${expected}>: not well-formed XHTML` : `</${close[1]}> closes nothing`);
      if (open.length === 0) rootDone = true;
      at = CLOSE_TAG.lastIndex;
      continue;
    }
    OPEN_TAG.lastIndex = lt;
    const tag = OPEN_TAG.exec(div);
    if (!tag) problem('a tag is malformed (unquoted attribute, stray "<"?): not well-formed XHTML');
    const [, name, attributes, selfClosing] = tag;
    const isRoot = open.length === 0;
    if (isRoot && (rootDone || name !== 'div')) problem(rootDone ? 'narrative is one <div> element: something follows it' : `narrative must be an XHTML <div>, not <${name}>`);
    if (!ALLOWED_ELEMENTS.has(name)) problem(`<${name}> is not allowed in narrative: R4 allows basic XHTML formatting only (txt-1), no scripts, forms, frames, objects, styles or links to style sheets`);
    checkAttributes(name, attributes, isRoot);
    rootSeen = true;
    if (name === 'img') content = true;
    if (selfClosing) {
      if (isRoot) rootDone = true;
    } else {
      open.push(name);
    }
    at = OPEN_TAG.lastIndex;
  }
  if (!rootSeen) problem('narrative must be an XHTML <div> element');
  if (open.length > 0) problem(`<${open[open.length - 1]}> is never closed: not well-formed XHTML`);
  if (!content) problem('narrative must have some non-whitespace content (R4 txt-2)');
}

/** What is wrong with a narrative `div`, or undefined when R4 and Bro accept it. Never throws. */
export function narrativeProblem(div: string): string | undefined {
  try {
    scan(div);
    return undefined;
  } catch (error) {
    if (error instanceof NarrativeProblem) return error.message;
    throw error;
  }
}

import { narrativeProblem } from './xhtml-narrative';

const div = (inner: string, attributes = '') => `<div xmlns="http://www.w3.org/1999/xhtml"${attributes}>${inner}</div>`;

describe('narrative (Narrative.div, R4 txt-1 and txt-2)', () => {
  it.each([
    ['plain text', div('Kari Nordmann')],
    ['formatting, lists and tables', div('<p><b>Utskrevet</b> 3. dag</p><ul><li>Hb</li></ul><table><tr><td colspan="2">CRP</td></tr></table>')],
    ['links and images with safe targets', div('<a href="https://helsenorge.no/x?a=1&amp;b=2">mer</a><a href="#vurdering">v</a><img src="data:image/png;base64,iVBO" alt="kurve"/>')],
    ['XML and numeric entities', div('5 &lt; 7 &amp;&#160;&#xE6;')],
    ['comments, inline style, a language', div('<!-- generert --><span style="color: red" xml:lang="nb">viktig</span>')],
    ['an image as its only content', div('<img src="#kurve" alt=""/>')],
  ])('accepts %s', (_name, narrative) => {
    expect(narrativeProblem(narrative)).toBeUndefined();
  });

  it.each([
    ['<script>', div('<script>alert(1)</script>'), /<script> is not allowed/],
    ['an event handler', div('<p onclick="steal()">x</p>'), /event handler onclick/],
    ['an event handler on the root', div('x', ' onmouseover="steal()"'), /event handler onmouseover/],
    ['a javascript: link', div('<a href="javascript:alert(1)">x</a>'), /href="javascript:…"/],
    ['a javascript: link hidden by entities and tabs', div('<a href="&#106;ava\tscript:alert(1)">x</a>'), /href="javascript:…"/],
    ['a data: link', div('<a href="data:text/html,&lt;script&gt;">x</a>'), /href="data:…"/],
    ['an SVG image', div('<img src="data:image/svg+xml,x"/>'), /src="data:…"/],
    ['<iframe>', div('<iframe src="https://evil.example"></iframe>'), /<iframe> is not allowed/],
    ['<object>', div('<object data="x.swf"></object>'), /<object> is not allowed/],
    ['<style>', div('<style>body{}</style>x'), /<style> is not allowed/],
    ['<form>', div('<form><input/></form>'), /<form> is not allowed/],
    ['<base> and <link>', div('<link rel="stylesheet" href="x.css"/>x'), /<link> is not allowed/],
    ['a style that loads something', div('<p style="background:url(https://evil.example/t.gif)">x</p>'), /style on <p> loads or runs/],
    ['an unknown attribute', div('<p data-x="1">x</p>'), /attribute data-x/],
    ['a root other than div', '<p xmlns="http://www.w3.org/1999/xhtml">x</p>', /must be an XHTML <div>, not <p>/],
    ['no XHTML namespace', '<div>x</div>', /must declare the XHTML namespace/],
    ['plain text', 'Kari Nordmann', /text outside it/],
    ['two roots', `${div('a')}${div('b')}`, /something follows it/],
    ['an unclosed element', div('<p>x'), /<\/div> closes <p>/],
    ['a bare ampersand', div('Hb & CRP'), /bare "&"/],
    ['an HTML-only entity', div('a&nbsp;b'), /&nbsp; is not an XML entity/],
    ['a DOCTYPE', `<!DOCTYPE html>${div('x')}`, /declarations and processing instructions/],
    ['no content (txt-2)', div('  <p> </p> '), /non-whitespace content \(R4 txt-2\)/],
  ])('refuses %s', (_name, narrative, message) => {
    expect(narrativeProblem(narrative)).toMatch(message);
  });
});

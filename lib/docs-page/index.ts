export { AsynctionDocsPage, docsPath, type DocsContribution } from './docs-page.server.js';
export { COMPONENT_PACKAGE, COMPONENT_VERSION, loadDocsAssets } from './docs-page.assets.js';
export { buildSite, prepareDocuments, type DocsSource, type SiteFile } from './docs-page.site.js';

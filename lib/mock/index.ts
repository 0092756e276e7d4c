export { AsynctionMock } from './asynction.mock.js';
export type { MockReport, MockedEvent } from './asynction.mock.js';
export { resolveMockOptions, withoutSecurity } from './mock.options.js';
export { PayloadSource, seedOf } from './payload.source.js';
export { loadMockPackages } from './mock.loader.js';
export { mockReportLines } from './asynction.mock.js';

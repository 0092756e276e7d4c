export { AsynctionTelemetry } from './asynction.telemetry.js';

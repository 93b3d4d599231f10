export { breachCase } from './breach-case.js';

export { breachCase } from './breach-case.js';
// Registered under its first name: the processor chases of running cases are workflows of type "vendorChase".
export { processorChase as vendorChase } from './processor-chase.js';
export { dailyDigest } from './daily-digest.js';

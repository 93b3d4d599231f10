export { breachCase } from './breach-case.js';
export { vendorChase } from './vendor-chase.js';
export { dailyDigest } from './daily-digest.js';

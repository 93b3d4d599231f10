/** `breach schedule`: the daily digest's Temporal Schedule by hand (the worker installs it when configured). */
import { defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'the daily digest schedule: install, pause, unpause, trigger now, list',
  group: 'engine',
  positionals: [{ name: 'verb', choices: ['install', 'pause', 'unpause', 'trigger', 'list'] }],
  options: {
    to: { type: 'list', value: 'a@x,b@y', description: 'install: who gets the digest' },
    at: { type: 'string', value: 'HH:MM', description: 'install: the local time it is sent, e.g. 08:00' },
    'digest-tz': {
      type: 'string',
      value: 'ZONE',
      description: 'install: the zone of --at, e.g. Europe/Berlin',
    },
    note: { type: 'string', description: 'pause, unpause: why, kept with the schedule' },
  },
  notes: [
    'install falls back to BREACH_CLOCK_DIGEST_TO/_AT/_TZ for what is not given; running it again updates it',
  ],
  async run(ctx, options) {
    const verbs = await import('../schedule-verbs.js');
    const note = options.note ?? `by ${ctx.actor}`;
    switch (ctx.positionals[0]) {
      case 'install':
        return verbs.install(ctx, { to: options.to, at: options.at, timeZone: options['digest-tz'] });
      case 'pause':
        return verbs.setPaused(ctx, true, note);
      case 'unpause':
        return verbs.setPaused(ctx, false, note);
      case 'trigger':
        return verbs.trigger(ctx);
      default:
        return verbs.list(ctx);
    }
  },
});

/** `breach authority-decision`: the supervisory authority's Art. 34(4) decision on telling the data subjects. */
import { actorHelp, caseArg, runAction } from '../case-support.js';
import { optionalString, requireString, type Command } from '../cli-support.js';

export const authorityDecisionCommand: Command = {
  name: 'authority-decision',
  summary: "record the authority's Art. 34(4) decision: communication required, or an exemption applies",
  usage:
    'authority-decision <case-id> --decision require-communication|exemption-applies [--ground a|b|c] --reference R [--decided-at T] [--note T]',
  options: {
    decision: { type: 'string' },
    ground: { type: 'string' },
    reference: { type: 'string' },
    'decided-at': { type: 'string' },
    note: { type: 'string' },
  },
  help: [
    'require-communication: the data subjects must be told, whatever the own assessment or exemption says',
    'exemption-applies: the authority found an Art. 34(3) condition met; --ground names it (a, b or c)',
    "--reference R     the authority's reference of the decision",
    '--decided-at T    when the authority decided (default: now)',
    actorHelp,
  ],
  positionals: caseArg,
  run: (ctx) =>
    runAction(ctx, 'authorityDecision', {
      decision: requireString(ctx, 'decision'),
      ground: optionalString(ctx, 'ground'),
      reference: requireString(ctx, 'reference'),
      decidedAt: optionalString(ctx, 'decided-at'),
      note: optionalString(ctx, 'note'),
    }),
};

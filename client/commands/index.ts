/**
 * Every command's name, summary, group and loader, and nothing more: `breach --help` reads this alone, and a
 * command's code, with what it needs (Temporal's client, the YAML parser, the register database), loads only when
 * the command is asked for. The table is registry.generated.ts, written by `npm run generate` from the files
 * here: a command is named by its file and declares its summary, group and aliases in it. Each DPO action has its
 * command in `actionCommands` under the action's name, so an action without one, or with another action's,
 * fails to compile.
 */
export type { CommandEntry } from '../command-schema.js';
export { actionCommands, commands } from './registry.generated.js';

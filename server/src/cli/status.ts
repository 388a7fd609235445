import type { VerbMain } from './io';

/** `backbone-sync status`: not implemented yet. */
export const main: VerbMain = async (_args, io) => {
  io.stderr('backbone-sync status: not implemented yet\n');
  return 2;
};

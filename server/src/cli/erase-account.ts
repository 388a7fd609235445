import type { VerbMain } from './io';

/** `backbone-sync erase-account`: not implemented yet. */
export const main: VerbMain = async (_args, io) => {
  io.stderr('backbone-sync erase-account: not implemented yet\n');
  return 2;
};

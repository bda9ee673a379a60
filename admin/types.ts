// The JSON shapes the server's /api/<resource> routes return, defined in shared/api.ts beside the
// statuses and roles they use, so the server and the admin read one definition.
export type * from '../shared/api';

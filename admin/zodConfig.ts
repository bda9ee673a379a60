import { z } from 'zod';

// zod probes `new Function` to compile faster parsers; Recur's CSP forbids eval, so the probe is
// reported as a violation. The plain parsers are fast enough for admin forms. Imported first by
// main.tsx: schemas built at import time read this setting.
z.config({ jitless: true });

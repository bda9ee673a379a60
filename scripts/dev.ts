// `npm run dev`: the server restarting on change (tsx watch) and the admin app with hot reload (Vite),
// which proxies /api to the server. Open the URL Vite prints, under /admin/.
import { spawn } from 'node:child_process';

const children = [spawn('npx', ['tsx', 'watch', 'server/index.ts'], { stdio: 'inherit' }), spawn('npx', ['vite'], { stdio: 'inherit' })];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const child of children) child.once('exit', stop);

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In dev, Vite serves the admin and forwards everything else to the Recur server, so the
// session cookie stays same-origin exactly as it is when Hono serves the built app.
const apiTarget = process.env.RECUR_API_URL ?? 'http://127.0.0.1:3000';
const proxied = ['/api', '/signup', '/webhooks', '/healthz'];

export default defineConfig({
  root: 'admin',
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: '../dist/admin',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // The libraries change far less often than the admin's own code; separate chunks
        // let browsers keep them cached across Recur releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 3 },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|@popperjs|stylis)[\\/]/, priority: 2 },
            { name: 'react-admin', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In dev, Vite serves the admin and forwards everything else to the Recur server, so the
// session cookie stays same-origin exactly as it is when Hono serves the built app.
const apiTarget = process.env.RECUR_API_URL ?? 'http://127.0.0.1:3000';
const proxied = ['/api', '/signup', '/webhooks', '/healthz'];

/** recharts and the libraries only it uses: kept out of the initial chunks (see bench/bundle.ts). */
const CHARTS_ONLY =
  /node_modules[\\/](recharts|victory-vendor|d3-[\w-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|immer|reselect|es-toolkit|decimal\.js-light|tiny-invariant)[\\/]/;

/**
 * react-admin modules only the lazy signup-form screens use (array inputs, the form's show page):
 * their own group, claimed after the main react-admin group like the charts, so the initial
 * chunks do not carry them.
 */
const FORM_EDITOR_ONLY =
  /node_modules[\\/](ra-core[\\/]dist[\\/]controller[\\/](field[\\/](ReferenceArrayField\w*|useReferenceArrayFieldController|ArrayFieldBase)|input[\\/](SimpleFormIterator\w*|ArrayInput\w*|useSimpleFormIterator\w*|useArrayInput|useGetArrayInputNewItemDefaults))|ra-ui-materialui[\\/]dist[\\/](input[\\/]ArrayInput[\\/]|field[\\/](ReferenceArrayField|ArrayField)\.|list[\\/]SingleFieldList))/;

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
          // A group also takes in everything its modules import, highest priority first: so the
          // libraries every page needs are claimed before the charts group, which then gets
          // only what the dashboard's lazy charts alone use.
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 4 },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|@popperjs|stylis)[\\/]/, priority: 3 },
            { name: 'react-admin', test: (id: string) => /node_modules[\\/]/.test(id) && !CHARTS_ONLY.test(id) && !FORM_EDITOR_ONLY.test(id), priority: 2 },
            { name: 'form-editor', test: FORM_EDITOR_ONLY, priority: 1 },
            { name: 'charts', test: CHARTS_ONLY, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
});

import { defineConfig } from 'vite';

// The service serves the build from its wwwroot (gitignored); relative asset URLs keep the page
// working behind a reverse proxy that mounts the service under a path.
export default defineConfig({
  base: './',
  // npm run dev: the page with hot reload on :5173, reading the service on :5000.
  server: { proxy: { '/v1': 'http://localhost:5000' } },
  build: {
    outDir: '../CredibilityApi/wwwroot',
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and icons stay files: the page's CSP has no data: sources.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // The graph and chart libraries change less often than the page: their own cacheable chunk.
        manualChunks: { vendor: ['cytoscape', 'cytoscape-dagre', 'chart.js', 'chartjs-chart-error-bars'] },
      },
    },
  },
});
